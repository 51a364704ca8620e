namespace FirehoseAuth.Authentication;

/// <summary>
/// An <see cref="IAccessKeySetProvider"/> whose key set is given in code or configuration and replaced with
/// <see cref="Update"/>.
/// </summary>
public sealed class StaticAccessKeySetProvider : IAccessKeySetProvider
{
    private volatile AccessKeySet? _current;

    /// <summary>Initializes a new instance of the <see cref="StaticAccessKeySetProvider"/> class.</summary>
    /// <param name="keySet">The initial key set, or <see langword="null"/> for none (validation reports unavailable).</param>
    public StaticAccessKeySetProvider(AccessKeySet? keySet) => _current = keySet;

    /// <inheritdoc/>
    public AccessKeySet? Current => _current;

    /// <summary>Atomically replaces the key set in force.</summary>
    /// <param name="keySet">The new key set.</param>
    public void Update(AccessKeySet keySet)
    {
        ArgumentNullException.ThrowIfNull(keySet);
        _current = keySet;
    }

    /// <summary>Creates a provider from the static keys of <paramref name="options"/> (already validated).</summary>
    internal static StaticAccessKeySetProvider FromOptions(FirehoseAuthOptions options)
        => throw new NotImplementedException(); // STUB: the Authentication implementation replaces this body.

    /// <inheritdoc/>
    public void OnUnknownKey()
    {
        // A static key set has nothing to refresh.
    }
}
