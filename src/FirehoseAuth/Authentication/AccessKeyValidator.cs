using System.Buffers;
using System.Runtime.CompilerServices;
using System.Security.Cryptography;
using System.Text.Unicode;

namespace FirehoseAuth.Authentication;

/// <summary>
/// Validates presented access keys against the provider's current <see cref="AccessKeySet"/> in constant time.
/// </summary>
/// <remarks>
/// <para>
/// The presented key is hashed once and its 32-byte digest is compared in constant time (branch-free, see
/// <see cref="DigestComparer"/>) against the digest of the current key <em>and</em> of the
/// previous key, whether or not the key set has one and whether or not its window has ended; the results are combined
/// with arithmetic, not branches. The time taken therefore depends only on the length of what was presented, never on
/// the configured keys, how many characters of them were guessed, or the rotation state.
/// </para>
/// <para>
/// Order of outcomes: no key set loaded yet → <see cref="AccessKeyValidationResult.Unavailable"/> (answer 503, so
/// Firehose retries); header absent, empty or only spaces and tabs → <see cref="AccessKeyValidationResult.Missing"/>;
/// then a match on the current key, a match on the previous key while <c>now ≤ PreviousValidUntil</c>, or
/// <see cref="AccessKeyValidationResult.Invalid"/> (which calls <see cref="IAccessKeySetProvider.OnUnknownKey"/>).
/// Keys longer than 4096 UTF-8 bytes, and strings with unpaired surrogates, are invalid after the same work.
/// </para>
/// <para>Thread-safe and allocation-free; the key set is read once per call, so a concurrent swap is never seen half-done.</para>
/// </remarks>
[SkipLocalsInit] // The stack buffers are written before they are read; zeroing 4 KiB per call would be work on the request path that buys nothing.
public sealed class AccessKeyValidator
{
    private readonly IAccessKeySetProvider _provider;
    private readonly TimeProvider _timeProvider;

    /// <summary>Initializes a new instance of the <see cref="AccessKeyValidator"/> class.</summary>
    /// <param name="provider">Publishes the key set in force.</param>
    /// <param name="timeProvider">The clock that decides whether the previous key's window has ended.</param>
    public AccessKeyValidator(IAccessKeySetProvider provider, TimeProvider timeProvider)
    {
        ArgumentNullException.ThrowIfNull(provider);
        ArgumentNullException.ThrowIfNull(timeProvider);
        _provider = provider;
        _timeProvider = timeProvider;
    }

    /// <summary>Validates a presented key given as the header's string value.</summary>
    /// <param name="presentedKey">The header value, or <see langword="null"/> when absent.</param>
    /// <returns>The outcome.</returns>
    public AccessKeyValidationResult Validate(string? presentedKey) => Validate(presentedKey.AsSpan());

    /// <summary>Validates a presented key given as characters.</summary>
    /// <param name="presentedKey">The header value; empty means missing.</param>
    /// <returns>The outcome.</returns>
    public AccessKeyValidationResult Validate(ReadOnlySpan<char> presentedKey)
    {
        var keySet = _provider.Current;
        if (keySet is null)
        {
            return AccessKeyValidationResult.Unavailable;
        }

        // A header value does not include leading or trailing whitespace (RFC 9110 §5.5); hosts usually strip it already.
        presentedKey = presentedKey.Trim(" \t");
        if (presentedKey.IsEmpty)
        {
            return AccessKeyValidationResult.Missing;
        }

        // Transcode at most MaxKeyBytes on the stack. A longer key stops with DestinationTooSmall, an unpaired surrogate
        // with InvalidData; either way the bytes written so far are hashed and compared like any key and the result is
        // masked to Invalid. Kestrel decodes header bytes as UTF-8, so this gives back the bytes Firehose sent. The buffer
        // has one fixed size so that its place on the stack, and so the transcoding's speed (4 KiB aliasing with the
        // source), does not vary with the presented key's length.
        Span<byte> buffer = stackalloc byte[AccessKeyRules.MaxKeyBytes];
        var status = Utf8.FromUtf16(presentedKey, buffer, out _, out var written, replaceInvalidSequences: false);
        var keyUtf8 = buffer[..written];
        var result = Decide(keySet, keyUtf8, status == OperationStatus.Done);
        CryptographicOperations.ZeroMemory(keyUtf8);
        return result;
    }

    /// <summary>Validates a presented key given as raw UTF-8 bytes (hosts hand the pipeline strings; tests reach bytes no string can carry).</summary>
    /// <param name="presentedKeyUtf8">The header value's bytes; empty means missing.</param>
    /// <returns>The outcome.</returns>
    internal AccessKeyValidationResult ValidateUtf8(ReadOnlySpan<byte> presentedKeyUtf8)
    {
        var keySet = _provider.Current;
        if (keySet is null)
        {
            return AccessKeyValidationResult.Unavailable;
        }

        presentedKeyUtf8 = presentedKeyUtf8.Trim(" \t"u8);
        if (presentedKeyUtf8.IsEmpty)
        {
            return AccessKeyValidationResult.Missing;
        }

        var fits = presentedKeyUtf8.Length <= AccessKeyRules.MaxKeyBytes;
        return Decide(keySet, presentedKeyUtf8[..Math.Min(presentedKeyUtf8.Length, AccessKeyRules.MaxKeyBytes)], fits);
    }

    private AccessKeyValidationResult Decide(AccessKeySet keySet, ReadOnlySpan<byte> keyUtf8, bool acceptable)
    {
        Span<byte> digest = stackalloc byte[AccessKeyDigest.Size];
        AccessKeyDigest.Compute(keyUtf8, digest);
        var nowUtcTicks = _timeProvider.GetUtcNow().UtcTicks;

        // Both compares always run; every flag is 0 or 1 and they are combined without a branch. The previous key counts
        // only inside its window (inclusive) and only when the current key did not match.
        var current = DigestComparer.Equal32(digest, keySet.CurrentDigest);
        var previous = DigestComparer.Equal32(digest, keySet.PreviousDigest);
        var inWindow = Bit(nowUtcTicks <= keySet.PreviousValidUntilUtcTicks);
        var ok = Bit(acceptable);
        current &= ok;
        previous &= ok & inWindow & (current ^ 1);

        // Invalid = 2, ValidCurrent = 3, ValidPrevious = 4 (pinned by a test).
        var result = (AccessKeyValidationResult)((int)AccessKeyValidationResult.Invalid + current + (previous << 1));
        if (result == AccessKeyValidationResult.Invalid)
        {
            _provider.OnUnknownKey();
        }

        return result;
    }

    /// <summary>Reinterprets a <see cref="bool"/> (always 0 or 1 here) as an integer without a conditional jump.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static int Bit(bool value) => Unsafe.BitCast<bool, byte>(value);
}
