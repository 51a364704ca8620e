using FirehoseAuth.DependencyInjection;
using FirehoseAuth.Diagnostics;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Logging;

namespace Microsoft.Extensions.DependencyInjection;

/// <summary>
/// Registers the FirehoseAuth key-freshness health check.
/// </summary>
public static class FirehoseAuthHealthChecksBuilderExtensions
{
    /// <summary>
    /// Adds the key-freshness health check (<see cref="FirehoseAuthDiagnostics.HealthCheckName"/>): Healthy when the key
    /// set is loaded and fresh; Degraded when it is loaded but the last refresh failed or it is stale; Unhealthy (or
    /// <paramref name="failureStatus"/>) when no key set was ever loaded. Requires <c>AddFirehoseAuth</c>.
    /// </summary>
    /// <remarks>
    /// One check covers every registered stream: with several, it reports the worst status and each stream's data
    /// under <c>{stream}:{key}</c>. It logs a change of status once, not every poll.
    /// </remarks>
    /// <param name="builder">The health checks builder.</param>
    /// <param name="name">The check's name; <see cref="FirehoseAuthDiagnostics.HealthCheckName"/> when <see langword="null"/>.</param>
    /// <param name="failureStatus">The status reported when no key set is loaded; Unhealthy when <see langword="null"/>.</param>
    /// <param name="tags">Tags to filter checks by, for example <c>ready</c>.</param>
    /// <returns><paramref name="builder"/>.</returns>
    public static IHealthChecksBuilder AddFirehoseAuthKeys(this IHealthChecksBuilder builder, string? name = null, HealthStatus? failureStatus = null, IEnumerable<string>? tags = null)
    {
        ArgumentNullException.ThrowIfNull(builder);

        // A singleton, so that it remembers the last status between polls (the health service calls the factory per poll).
        builder.Services.TryAddSingleton(static sp => new FirehoseAuthStreamsHealthCheck(
            sp.GetRequiredService<FirehoseStreams>(),
            FirehoseAuthServiceCollectionExtensions.GetTimeProvider(sp),
            sp.GetRequiredService<ILogger<FirehoseAuthStreamsHealthCheck>>()));
        return builder.Add(new HealthCheckRegistration(
            name ?? FirehoseAuthDiagnostics.HealthCheckName,
            static sp => sp.GetRequiredService<FirehoseAuthStreamsHealthCheck>(),
            failureStatus,
            tags));
    }
}
