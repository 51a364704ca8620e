using System.Diagnostics;
using System.Security.Cryptography;

namespace FirehoseAuth.Authentication;

/// <summary>
/// An immutable snapshot of the access keys accepted: the current key and, optionally, the previous key until
/// <see cref="PreviousValidUntil"/>. Only SHA-256 digests of the keys are held, so a key set can never print, log or
/// leak a key.
/// </summary>
[DebuggerDisplay("{ToString(),nq}")]
public sealed class AccessKeySet
{
    private readonly byte[] _currentDigest;
    private readonly byte[] _previousDigest;

    /// <summary>Initializes a key set that accepts only <paramref name="currentKey"/>.</summary>
    /// <param name="currentKey">The current key, as Firehose sends it: at most 4096 UTF-8 bytes, not whitespace-only, no
    /// leading or trailing space or tab, no control character other than tab, no unpaired surrogate.</param>
    /// <exception cref="ArgumentException">The key breaks one of these rules (the message never contains the key).</exception>
    public AccessKeySet(string currentKey)
        : this(currentKey, null, null)
    {
    }

    /// <summary>Initializes a key set with a current key and an optional previous key with a bounded window.</summary>
    /// <param name="currentKey">The current key, as Firehose sends it: at most 4096 UTF-8 bytes, not whitespace-only, no
    /// leading or trailing space or tab, no control character other than tab, no unpaired surrogate.</param>
    /// <param name="previousKey">The previous key (same rules), or <see langword="null"/>.</param>
    /// <param name="previousValidUntil">The last instant the previous key is accepted; required when <paramref name="previousKey"/> is set.</param>
    /// <exception cref="ArgumentException">A key breaks the rules above, or a previous key has no expiry (or an expiry has no
    /// previous key). The message never contains a key.</exception>
    public AccessKeySet(string currentKey, string? previousKey, DateTimeOffset? previousValidUntil)
    {
        _currentDigest = AccessKeyDigest.ComputeConfiguredKey(currentKey, "current access key", nameof(currentKey));
        if (previousKey is null)
        {
            if (previousValidUntil is not null)
            {
                throw new ArgumentException("An expiry was given without a previous key.", nameof(previousValidUntil));
            }

            // A random digest that no key can match keeps the number and cost of comparisons the same with or without
            // a previous key; PreviousValidUntilUtcTicks = MinValue masks the result anyway.
            _previousDigest = RandomNumberGenerator.GetBytes(AccessKeyDigest.Size);
            PreviousValidUntilUtcTicks = long.MinValue;
            return;
        }

        if (previousValidUntil is not { } until)
        {
            throw new ArgumentException("A previous key needs an expiry: rotation windows are bounded.", nameof(previousValidUntil));
        }

        _previousDigest = AccessKeyDigest.ComputeConfiguredKey(previousKey, "previous access key", nameof(previousKey));
        PreviousValidUntil = until;
        PreviousValidUntilUtcTicks = until.UtcTicks;
    }

    /// <summary>Gets a value indicating whether a previous key is held (whether or not its window has ended).</summary>
    public bool HasPreviousKey => PreviousValidUntil is not null;

    /// <summary>Gets the last instant at which the previous key is accepted, or <see langword="null"/> without one.</summary>
    public DateTimeOffset? PreviousValidUntil { get; }

    /// <summary>Gets a non-secret label for this snapshot (for example a Secrets Manager version id), for logs.</summary>
    public string? Version { get; init; }

    /// <summary>Gets the digest of the current key.</summary>
    internal ReadOnlySpan<byte> CurrentDigest => _currentDigest;

    /// <summary>Gets the digest of the previous key (a random unmatchable digest when there is none).</summary>
    internal ReadOnlySpan<byte> PreviousDigest => _previousDigest;

    /// <summary>Gets <see cref="PreviousValidUntil"/> in UTC ticks, or <see cref="long.MinValue"/> without a previous key.</summary>
    internal long PreviousValidUntilUtcTicks { get; }

    /// <inheritdoc/>
    public override string ToString()
        => HasPreviousKey
            ? $"AccessKeySet {{ Current = ***, Previous = *** until {PreviousValidUntil:O}, Version = {Version} }}"
            : $"AccessKeySet {{ Current = ***, Version = {Version} }}";
}
