namespace FirehoseAuth.Secrets;

/// <summary>
/// Jittered delays: exponential backoff with "equal jitter" (half fixed, half random, so delays keep growing) and
/// the ±10% spread of the periodic refresh, so a fleet of receivers does not call Secrets Manager in lock-step.
/// </summary>
internal static class SecretsManagerBackoff
{
    /// <summary>Returns the delay before retry number <paramref name="failures"/> (1-based).</summary>
    /// <param name="failures">How many attempts failed in a row (at least 1).</param>
    /// <param name="baseDelay">The first step.</param>
    /// <param name="cap">The longest delay.</param>
    /// <param name="random">A value in [0, 1).</param>
    public static TimeSpan Exponential(int failures, TimeSpan baseDelay, TimeSpan cap, double random)
    {
        var exponent = Math.Clamp(failures - 1, 0, 30);
        var ceiling = Math.Min(cap.Ticks, baseDelay.Ticks * (double)(1L << exponent));
        var half = ceiling / 2;
        return TimeSpan.FromTicks((long)(half + (half * Math.Clamp(random, 0, 1))));
    }

    /// <summary>Returns <paramref name="interval"/> spread uniformly over ±10%.</summary>
    /// <param name="interval">The nominal interval.</param>
    /// <param name="random">A value in [0, 1).</param>
    public static TimeSpan Spread(TimeSpan interval, double random)
        => TimeSpan.FromTicks((long)(interval.Ticks * (0.9 + (0.2 * Math.Clamp(random, 0, 1)))));
}
