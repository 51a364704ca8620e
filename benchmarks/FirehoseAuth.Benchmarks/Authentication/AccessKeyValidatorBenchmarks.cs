using System.Security.Cryptography;
using System.Text;
using BenchmarkDotNet.Attributes;
using FirehoseAuth.Authentication;

namespace FirehoseAuth.Benchmarks.Authentication;

/// <summary>
/// One validation of <c>X-Amz-Firehose-Access-Key</c>, given as the string ASP.NET Core hands over, against the
/// ceiling: <see cref="SHA256.HashData(ReadOnlySpan{byte}, Span{byte})"/> of the key's UTF-8 bytes (already encoded)
/// plus one <see cref="CryptographicOperations.FixedTimeEquals"/>. Target: every case ≤ 1.1× the ceiling, 0 B
/// allocated, and the same cost whatever the outcome.
/// </summary>
/// <remarks>
/// Beside the ceiling: the floor of the validator's algorithm (the same hash plus one compare per key, i.e. two), and
/// the HMAC-SHA-256 digest the validator first used. <c>FixedTimeEquals</c> is compiled without optimization (by design,
/// so it cannot be turned into an early exit) and costs about 3 ns per byte, about 100 ns for 32 bytes, so the second
/// compare alone adds about 0.2× to the ceiling on short keys.
/// </remarks>
[MemoryDiagnoser]
public class AccessKeyValidatorBenchmarks
{
    private readonly byte[] _digest = new byte[32];
    private readonly byte[] _hmacKey = RandomNumberGenerator.GetBytes(32);
    private readonly byte[] _otherDigest = RandomNumberGenerator.GetBytes(32);
    private byte[] _keyUtf8 = [];
    private byte[] _expectedDigest = [];
    private string _current = "";
    private string _previous = "";
    private string _nearMiss = "";
    private AccessKeyValidator _withPrevious = null!;
    private AccessKeyValidator _withoutPrevious = null!;
    private AccessKeyValidator _withExpiredPrevious = null!;

    /// <summary>Gets or sets the key length in ASCII characters (a typical key, and the longest Firehose sends).</summary>
    [Params(32, 4096)]
    public int KeyLength { get; set; }

    [GlobalSetup]
    public void Setup()
    {
        _current = RandomKey(KeyLength);
        _previous = RandomKey(KeyLength);
        _nearMiss = string.Concat(_current.AsSpan(0, KeyLength - 1), _current[^1] == 'a' ? "b" : "a");
        _keyUtf8 = Encoding.UTF8.GetBytes(_current);
        _expectedDigest = SHA256.HashData(_keyUtf8);

        var now = TimeProvider.System.GetUtcNow();
        _withPrevious = new AccessKeyValidator(new StaticAccessKeySetProvider(new AccessKeySet(_current, _previous, now.AddDays(1))), TimeProvider.System);
        _withoutPrevious = new AccessKeyValidator(new StaticAccessKeySetProvider(new AccessKeySet(_current)), TimeProvider.System);
        _withExpiredPrevious = new AccessKeyValidator(
            new StaticAccessKeySetProvider(new AccessKeySet(_current, _previous, now.AddDays(-1))), TimeProvider.System);
    }

    [Benchmark(Baseline = true, Description = "Ceiling: SHA256.HashData + FixedTimeEquals")]
    public bool Ceiling()
    {
        SHA256.HashData(_keyUtf8, _digest);
        return CryptographicOperations.FixedTimeEquals(_digest, _expectedDigest);
    }

    [Benchmark(Description = "Floor: SHA256.HashData + FixedTimeEquals x2")]
    public bool Floor()
    {
        SHA256.HashData(_keyUtf8, _digest);
        return CryptographicOperations.FixedTimeEquals(_digest, _expectedDigest) | CryptographicOperations.FixedTimeEquals(_digest, _otherDigest);
    }

    [Benchmark(Description = "HMACSHA256.HashData + FixedTimeEquals")]
    public bool HmacCeiling()
    {
        HMACSHA256.HashData(_hmacKey, _keyUtf8, _digest);
        return CryptographicOperations.FixedTimeEquals(_digest, _expectedDigest);
    }

    [Benchmark(Description = "Validate: valid current")]
    public AccessKeyValidationResult ValidCurrent() => _withPrevious.Validate(_current);

    [Benchmark(Description = "Validate: invalid (near miss)")]
    public AccessKeyValidationResult Invalid() => _withPrevious.Validate(_nearMiss);

    [Benchmark(Description = "Validate: valid previous")]
    public AccessKeyValidationResult ValidPrevious() => _withPrevious.Validate(_previous);

    [Benchmark(Description = "Validate: valid current, no previous key")]
    public AccessKeyValidationResult ValidCurrentWithoutPrevious() => _withoutPrevious.Validate(_current);

    [Benchmark(Description = "Validate: expired previous")]
    public AccessKeyValidationResult ExpiredPrevious() => _withExpiredPrevious.Validate(_previous);

    [Benchmark(Description = "Validate: header missing")]
    public AccessKeyValidationResult HeaderMissing() => _withPrevious.Validate((string?)null);

    private static string RandomKey(int length)
    {
        const string Alphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789";
        return RandomNumberGenerator.GetString(Alphabet, length);
    }
}
