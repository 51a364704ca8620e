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

    /// <summary>The longest access key Firehose sends, in UTF-8 bytes.</summary>
    public const int MaxKeyBytes = 4096;

    private static readonly byte[] ProcessKey = RandomNumberGenerator.GetBytes(Size);

    /// <summary>Computes the digest of <paramref name="keyUtf8"/> into <paramref name="destination"/>.</summary>
    public static void Compute(ReadOnlySpan<byte> keyUtf8, Span<byte> destination)
        => HMACSHA256.HashData(ProcessKey, keyUtf8, destination);

    /// <summary>Computes the digest of a configured key, rejecting empty and over-long keys without echoing them.</summary>
    public static byte[] ComputeConfiguredKey(string key, string paramName)
    {
        ArgumentNullException.ThrowIfNull(key, paramName);
        if (key.Length == 0)
        {
            throw new ArgumentException("The access key must not be empty.", paramName);
        }

        var byteCount = Encoding.UTF8.GetByteCount(key);
        if (byteCount > MaxKeyBytes)
        {
            throw new ArgumentException($"The access key is {byteCount} UTF-8 bytes long; Firehose sends at most {MaxKeyBytes}.", paramName);
        }

        Span<byte> utf8 = stackalloc byte[MaxKeyBytes];
        var written = Encoding.UTF8.GetBytes(key, utf8);
        var digest = new byte[Size];
        Compute(utf8[..written], digest);
        CryptographicOperations.ZeroMemory(utf8[..written]);
        return digest;
    }
}
