namespace FirehoseAuth.Diagnostics;

/// <summary>
/// How fresh the key set of a provider is, for logs, metrics and the health check. Holds no key material.
/// </summary>
/// <param name="IsLoaded">Whether a key set has ever been published.</param>
/// <param name="LastSuccess">When the key set was last loaded or confirmed, if ever.</param>
/// <param name="LastFailure">When the last refresh failed, if it did after the last success.</param>
/// <param name="LastError">A safe description of the last failure (error type and message; never a key).</param>
/// <param name="ConsecutiveFailures">Refreshes failed in a row since the last success.</param>
/// <param name="StaleAfter">The age past which the key set counts as stale (degraded health).</param>
internal readonly record struct KeySetStatus(
    bool IsLoaded,
    DateTimeOffset? LastSuccess,
    DateTimeOffset? LastFailure,
    string? LastError,
    int ConsecutiveFailures,
    TimeSpan StaleAfter);
