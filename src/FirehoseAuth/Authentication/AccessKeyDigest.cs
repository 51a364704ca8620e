using System.Runtime.CompilerServices;
using System.Security.Cryptography;
using System.Text;

namespace FirehoseAuth.Authentication;

/// <summary>
/// SHA-256 of an access key's UTF-8 bytes. Key sets hold only these digests, so the keys themselves are never kept in
/// memory longer than it takes to hash them, and comparing two fixed-size digests reveals nothing about the keys'
/// lengths or contents.
/// </summary>
/// <remarks>
/// <para>
/// Why plain SHA-256 and not HMAC-SHA-256 under a random per-process key: one validation should cost at most 1.1× one
/// <c>SHA256.HashData</c> + <c>FixedTimeEquals</c> of the same key, and HMAC also hashes the inner and outer padded key
/// blocks, which on their own take it far past that budget. The measurements are in <c>benchmarks/README.md</c>
/// (<c>AccessKeyValidatorBenchmarks</c>).
/// </para>
/// <para>
/// Why an unkeyed digest is enough: the digest's job here is to turn a key of any length
/// into 32 bytes compared in constant time, and that needs no secret. The attacker chooses the presented key, so its
/// digest is not secret either, and a timing leak in comparing digests would at most reveal a prefix of SHA-256 of the
/// configured key, which does not help to find a pre-image. An unkeyed digest kept in memory does allow an offline
/// guess of a <em>weak</em> key by someone who can read the process memory, but that reader can also read the
/// configuration strings and the request headers that hold the key itself. Access keys should be long and random
/// (Secrets Manager's generator, or at least 32 random characters).
/// </para>
/// </remarks>
internal static class AccessKeyDigest
{
    /// <summary>The size of a digest in bytes.</summary>
    public const int Size = 32;

    /// <summary>Computes the digest of <paramref name="keyUtf8"/> into <paramref name="destination"/>.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static void Compute(ReadOnlySpan<byte> keyUtf8, Span<byte> destination)
        => SHA256.HashData(keyUtf8, destination);

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
