namespace FirehoseAuth.Diagnostics;

/// <summary>
/// How fresh the key set of a provider is, for logs, metrics and the health check. Holds no key material.
/// </summary>
/// <param name="IsLoaded">Whether a key set has ever been published.</param>
/// <param name="LastSuccess">When the key set was last loaded or confirmed, if ever.</param>
/// <param name="LastFailure">When the last refresh failed, if it did after the last success.</param>
/// <param name="LastError">
/// A description of the last failure, <c>"ErrorType: message"</c>; never a key, but the service's message can name the
/// account, the role and the secret's ARN, so it goes to logs, not to the health check.
/// </param>
/// <param name="ConsecutiveFailures">Refreshes failed in a row since the last success.</param>
/// <param name="StaleAfter">The age past which the key set counts as stale (degraded health).</param>
internal readonly record struct KeySetStatus(
    bool IsLoaded,
    DateTimeOffset? LastSuccess,
    DateTimeOffset? LastFailure,
    string? LastError,
    int ConsecutiveFailures,
    TimeSpan StaleAfter)
{
    /// <summary>Gets the error type of <see cref="LastError"/> (such as <c>AccessDeniedException</c>), without the message.</summary>
    public string? LastErrorType => LastError?.Split(':', 2)[0];
}
