using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;

namespace FirehoseAuth.Authentication;

/// <summary>
/// Compares two 32-byte digests in constant time, without a branch: the result depends on all 32 bytes of both
/// inputs and the instructions executed never depend on their values.
/// </summary>
/// <remarks>
/// <see cref="System.Security.Cryptography.CryptographicOperations.FixedTimeEquals"/> is built with
/// <c>NoOptimization</c>, so its cost is a visible part of a short key's SHA-256 (measured in
/// <c>benchmarks/README.md</c>); the validator compares two digests per request, and a second such call would put it
/// over its budget of 1.1× one hash plus one compare. Here the length is fixed, so four 64-bit XORs folded with OR and
/// turned into 0/1 with arithmetic do the same job in a few cycles. The statistical timing test of the validator
/// guards this property.
/// </remarks>
internal static class DigestComparer
{
    /// <summary>Returns 1 when the first 32 bytes of <paramref name="left"/> and <paramref name="right"/> are equal, else 0.</summary>
    /// <exception cref="ArgumentOutOfRangeException">Either span is shorter than 32 bytes.</exception>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static int Equal32(ReadOnlySpan<byte> left, ReadOnlySpan<byte> right)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(left.Length, AccessKeyDigest.Size, nameof(left));
        ArgumentOutOfRangeException.ThrowIfLessThan(right.Length, AccessKeyDigest.Size, nameof(right));
        var l = MemoryMarshal.Cast<byte, ulong>(left[..AccessKeyDigest.Size]);
        var r = MemoryMarshal.Cast<byte, ulong>(right[..AccessKeyDigest.Size]);
        var diff = (l[0] ^ r[0]) | (l[1] ^ r[1]) | (l[2] ^ r[2]) | (l[3] ^ r[3]);

        // (diff | -diff) has its top bit set exactly when diff != 0.
        return (int)(((diff | (0UL - diff)) >> 63) ^ 1UL);
    }
}
