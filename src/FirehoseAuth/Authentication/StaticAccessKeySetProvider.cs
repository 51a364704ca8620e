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

    /// <summary>
    /// Creates a provider from the static keys of <paramref name="options"/>, already checked by
    /// <see cref="AccessKeyOptionsValidator"/>. The key set's <see cref="AccessKeySet.Version"/> is <c>configuration</c>.
    /// </summary>
    /// <exception cref="InvalidOperationException"><see cref="FirehoseAuthOptions.AccessKey"/> is not set.</exception>
    /// <exception cref="ArgumentException">The options were not validated and hold an unusable key (never echoed).</exception>
    internal static StaticAccessKeySetProvider FromOptions(FirehoseAuthOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        var accessKey = options.AccessKey ?? throw new InvalidOperationException(
            $"{FirehoseAuthOptions.SectionName}:{nameof(FirehoseAuthOptions.AccessKey)} is not set; a static key source needs options that passed {nameof(AccessKeyOptionsValidator)}.");
        return new(new AccessKeySet(accessKey, options.PreviousAccessKey, options.PreviousAccessKeyValidUntil) { Version = ConfigurationVersion });
    }

    /// <summary>The <see cref="AccessKeySet.Version"/> of a key set read from configuration.</summary>
    internal const string ConfigurationVersion = "configuration";

    /// <inheritdoc/>
    public void OnUnknownKey()
    {
        // A static key set has nothing to refresh.
    }
}
