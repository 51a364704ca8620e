using FirehoseAuth.Authentication;
using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace FirehoseAuth.Diagnostics;

/// <summary>
/// Reports the freshness of the key set: Healthy when loaded and fresh; Degraded when loaded but the last refresh
/// failed or it is older than <see cref="KeySetStatus.StaleAfter"/>; the registration's failure status (Unhealthy by
/// default) when no key set was ever loaded. The result carries ages, counts and the last error's type only: never a key,
/// nor the service's error message (which can name the account, the role and the secret).
/// </summary>
internal sealed class FirehoseAuthKeysHealthCheck : IHealthCheck
{
    private readonly IAccessKeySetProvider _provider;
    private readonly TimeProvider _timeProvider;

    public FirehoseAuthKeysHealthCheck(IAccessKeySetProvider provider, TimeProvider timeProvider)
    {
        _provider = provider;
        _timeProvider = timeProvider;
    }

    public Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(context);
        return Task.FromResult(Evaluate(context.Registration?.FailureStatus ?? HealthStatus.Unhealthy));
    }

    internal HealthCheckResult Evaluate(HealthStatus failureStatus)
    {
        if (_provider is not IKeySetStatusSource source)
        {
            // Static or application-provided keys: loaded is all there is to know.
            return _provider.Current is null
                ? new HealthCheckResult(failureStatus, "No access-key set is loaded.")
                : HealthCheckResult.Healthy("The access-key set is loaded.");
        }

        var status = source.GetStatus();
        var data = new Dictionary<string, object>
        {
            ["loaded"] = status.IsLoaded,
            ["consecutiveFailures"] = status.ConsecutiveFailures,
            ["staleAfterSeconds"] = status.StaleAfter.TotalSeconds,
        };
        if (status.LastErrorType is { } lastErrorType)
        {
            // Health endpoints are often reachable without authentication: the type only (the message is logged).
            data["lastErrorType"] = lastErrorType;
        }

        if (!status.IsLoaded)
        {
            return new HealthCheckResult(failureStatus, "No access-key set has been loaded from AWS Secrets Manager yet; deliveries are answered 503.", data: data);
        }

        var age = TimeSpan.MaxValue;
        if (status.LastSuccess is { } lastSuccess)
        {
            age = _timeProvider.GetUtcNow() - lastSuccess;
            data["ageSeconds"] = age.TotalSeconds;
        }

        // The provider sets LastFailure and counts ConsecutiveFailures together, and clears both on success.
        if (status.ConsecutiveFailures > 0)
        {
            return HealthCheckResult.Degraded($"The last {status.ConsecutiveFailures} key-set refresh(es) failed; the last good key set is still in use.", data: data);
        }

        if (age > status.StaleAfter)
        {
            return HealthCheckResult.Degraded($"The key set was last loaded {age.TotalSeconds:F0} s ago, longer than {status.StaleAfter.TotalSeconds:F0} s.", data: data);
        }

        return HealthCheckResult.Healthy("The access-key set is loaded and fresh.", data);
    }
}
