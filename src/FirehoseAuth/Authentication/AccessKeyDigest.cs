using System.Runtime.CompilerServices;
using System.Security.Cryptography;
using System.Text;

namespace FirehoseAuth.Authentication;

/// <summary>
/// HMAC-SHA-256 of an access key under a random per-process key. Key sets hold only these digests, so the keys
/// themselves are never kept in memory longer than it takes to hash them, and comparing two digests reveals nothing
/// about the keys' lengths or contents.
/// </summary>
internal static class AccessKeyDigest
{
    /// <summary>The size of a digest in bytes.</summary>
    public const int Size = 32;

    private static readonly byte[] ProcessKey = RandomNumberGenerator.GetBytes(Size);

    /// <summary>Computes the digest of <paramref name="keyUtf8"/> into <paramref name="destination"/>.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static void Compute(ReadOnlySpan<byte> keyUtf8, Span<byte> destination)
        => HMACSHA256.HashData(ProcessKey, keyUtf8, destination);

    /// <summary>
    /// Computes the digest of a configured key, rejecting a key that no delivery could present
    /// (<see cref="AccessKeyRules"/>) with a message that never contains the key.
    /// </summary>
    /// <param name="key">The key.</param>
    /// <param name="description">How the message names the key, for example <c>current access key</c>.</param>
    /// <param name="paramName">The parameter named by the exception.</param>
    public static byte[] ComputeConfiguredKey(string key, string description, string paramName)
    {
        ArgumentNullException.ThrowIfNull(key, paramName);
        if (AccessKeyRules.FindProblem(key) is { } problem)
        {
            throw new ArgumentException($"The {description} {problem}.", paramName);
        }

        Span<byte> utf8 = stackalloc byte[Encoding.UTF8.GetByteCount(key)];
        Encoding.UTF8.GetBytes(key, utf8);
        var digest = new byte[Size];
        Compute(utf8, digest);
        CryptographicOperations.ZeroMemory(utf8);
        return digest;
    }
}
