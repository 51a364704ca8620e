namespace FirehoseAuth.Diagnostics;

/// <summary>
/// Implemented by key-set providers that can report freshness.
/// </summary>
internal interface IKeySetStatusSource
{
    /// <summary>Gets the provider's current status.</summary>
    /// <returns>The status.</returns>
    KeySetStatus GetStatus();
}
