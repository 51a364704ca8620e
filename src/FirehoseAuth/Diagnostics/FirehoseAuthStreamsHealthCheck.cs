using FirehoseAuth.DependencyInjection;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using Microsoft.Extensions.Logging;

namespace FirehoseAuth.Diagnostics;

/// <summary>
/// The key-freshness health check over every registered stream: one stream's result as it is; for several, the worst
/// status, each stream's description, and each stream's data under <c>{stream}:{key}</c>. A change of status is logged
/// once (a warning when it worsens, information when it recovers), so a load balancer polling every few seconds does
/// not flood the log.
/// </summary>
internal sealed class FirehoseAuthStreamsHealthCheck : IHealthCheck
{
    private readonly FirehoseStreams _streams;
    private readonly TimeProvider _timeProvider;
    private readonly ILogger _logger;
    private int _lastStatus = -1;

    public FirehoseAuthStreamsHealthCheck(FirehoseStreams streams, TimeProvider timeProvider, ILogger<FirehoseAuthStreamsHealthCheck> logger)
    {
        _streams = streams;
        _timeProvider = timeProvider;
        _logger = logger;
    }

    public Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(context);
        var result = Evaluate(context.Registration?.FailureStatus ?? HealthStatus.Unhealthy);
        var previous = Interlocked.Exchange(ref _lastStatus, (int)result.Status);
        if (previous != (int)result.Status && !(previous == -1 && result.Status == HealthStatus.Healthy))
        {
            var from = previous == -1 ? "(first check)" : ((HealthStatus)previous).ToString();
            if (result.Status < (previous == -1 ? HealthStatus.Healthy : (HealthStatus)previous))
            {
                FirehoseAuthLog.KeyHealthChanged(_logger, from, result.Status.ToString(), result.Description);
            }
            else
            {
                FirehoseAuthLog.KeyHealthRecovered(_logger, from, result.Status.ToString(), result.Description);
            }
        }

        return Task.FromResult(result);
    }

    internal HealthCheckResult Evaluate(HealthStatus failureStatus)
    {
        var streams = _streams.All().ToList();
        if (streams.Count == 1)
        {
            return WithDeduplication(streams[0], new FirehoseAuthKeysHealthCheck(streams[0].KeySource, _timeProvider).Evaluate(failureStatus));
        }

        var status = HealthStatus.Healthy;
        var data = new Dictionary<string, object>();
        var descriptions = new List<string>(streams.Count);
        foreach (var stream in streams)
        {
            var result = WithDeduplication(stream, new FirehoseAuthKeysHealthCheck(stream.KeySource, _timeProvider).Evaluate(failureStatus));
            status = result.Status < status ? result.Status : status;
            descriptions.Add($"{stream.Name}: {result.Description}");
            foreach (var (key, value) in result.Data)
            {
                data[$"{stream.Name}:{key}"] = value;
            }
        }

        return new HealthCheckResult(status, string.Join(" ", descriptions), data: data);
    }

    /// <summary>A deduplication store whose last call failed makes a healthy stream Degraded (deliveries still flow).</summary>
    private static HealthCheckResult WithDeduplication(FirehoseStream stream, HealthCheckResult keys)
    {
        if (!stream.Pipeline.IsDeduplicationStoreUnavailable)
        {
            return keys;
        }

        var data = new Dictionary<string, object>(keys.Data) { ["deduplicationStoreAvailable"] = false };
        var status = keys.Status < HealthStatus.Degraded ? keys.Status : HealthStatus.Degraded;
        return new HealthCheckResult(status, $"{keys.Description} The deduplication store is not answering.", data: data);
    }
}
