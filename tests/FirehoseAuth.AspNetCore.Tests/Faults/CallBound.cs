using FirehoseAuth.Secrets;

namespace FirehoseAuth.AspNetCore.Tests.Faults;

/// <summary>
/// The number of <c>GetSecretValue</c> calls the provider's documented policy allows over a span of time: a refresh
/// makes at most two calls (<c>AWSCURRENT</c>, then <c>AWSPREVIOUS</c>) of at most <c>MaxAttempts</c> attempts each;
/// refreshes run every <c>RefreshInterval</c> −10% at the earliest, after a failure no sooner than half the jittered
/// exponential backoff (5 s doubling, capped at <c>RefreshInterval</c>), and early refreshes on unknown keys at most
/// once per <c>MinRefreshOnMissInterval</c> and never during a failure backoff.
/// </summary>
public static class CallBound
{
    private static readonly TimeSpan BackoffBase = TimeSpan.FromSeconds(5);

    /// <summary>Most refreshes that can start within <paramref name="span"/> while every refresh fails (the first at its start).</summary>
    public static int FailingRefreshes(TimeSpan span, SecretsManagerOptions options)
    {
        var refreshes = 1;
        var elapsed = TimeSpan.Zero;
        for (var failures = 1; ; failures++)
        {
            var ceiling = TimeSpan.FromTicks((long)Math.Min(options.RefreshInterval.Ticks, BackoffBase.Ticks * Math.Pow(2, Math.Min(failures - 1, 30))));
            elapsed += ceiling / 2; // the shortest jittered delay
            if (elapsed > span)
            {
                return refreshes;
            }

            refreshes++;
        }
    }

    /// <summary>Most scheduled refreshes within <paramref name="span"/> while refreshes succeed (the first at its start).</summary>
    public static int HealthyRefreshes(TimeSpan span, SecretsManagerOptions options)
        => 1 + (int)(span.Ticks / (long)(options.RefreshInterval.Ticks * 0.9));

    /// <summary>Most early refreshes within <paramref name="span"/> (unknown keys presented all the time).</summary>
    public static int EarlyRefreshes(TimeSpan span, SecretsManagerOptions options)
        => 1 + (int)(span.Ticks / options.MinRefreshOnMissInterval.Ticks);

    /// <summary>Most calls of <paramref name="refreshes"/> refreshes that fail on <c>AWSCURRENT</c> (no <c>AWSPREVIOUS</c> call).</summary>
    public static int CallsOfFailingRefreshes(int refreshes, SecretsManagerOptions options) => refreshes * options.MaxAttempts;

    /// <summary>Most calls of <paramref name="refreshes"/> refreshes of any outcome.</summary>
    public static int CallsOf(int refreshes, SecretsManagerOptions options) => refreshes * 2 * options.MaxAttempts;
}
