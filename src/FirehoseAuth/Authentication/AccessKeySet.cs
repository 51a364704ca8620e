namespace FirehoseAuth.Authentication;

/// <summary>
/// An immutable snapshot of the access keys accepted: the current key and, optionally, the previous key until
/// <see cref="PreviousValidUntil"/>. The keys themselves are never printed.
/// </summary>
public sealed class AccessKeySet
{
    // STUB: the Authentication implementation replaces the internals of this type.

    /// <summary>Initializes a key set that accepts only <paramref name="currentKey"/>.</summary>
    /// <param name="currentKey">The current key (non-empty, at most 4096 UTF-8 bytes).</param>
    public AccessKeySet(string currentKey)
        : this(currentKey, null, null)
    {
    }

    /// <summary>Initializes a key set with a current key and an optional previous key with a bounded window.</summary>
    /// <param name="currentKey">The current key (non-empty, at most 4096 UTF-8 bytes).</param>
    /// <param name="previousKey">The previous key, or <see langword="null"/>.</param>
    /// <param name="previousValidUntil">The last instant the previous key is accepted; required when <paramref name="previousKey"/> is set.</param>
    public AccessKeySet(string currentKey, string? previousKey, DateTimeOffset? previousValidUntil)
        => throw new NotImplementedException();

    /// <summary>Gets a value indicating whether a previous key is held (whether or not its window has ended).</summary>
    public bool HasPreviousKey => throw new NotImplementedException();

    /// <summary>Gets the last instant at which the previous key is accepted, or <see langword="null"/> without one.</summary>
    public DateTimeOffset? PreviousValidUntil => throw new NotImplementedException();

    /// <summary>Gets a non-secret label for this snapshot (for example a Secrets Manager version id), for logs.</summary>
    public string? Version { get; init; }
}
