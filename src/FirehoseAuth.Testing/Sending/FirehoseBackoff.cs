namespace FirehoseAuth.Testing;

/// <summary>Firehose's retry backoff: the initial delay, doubled per retry, capped, plus up to a fraction of jitter.</summary>
internal static class FirehoseBackoff
{
    // retry: 1 for the first retry; jitter: in [0, 1).
    public static TimeSpan Delay(FirehoseSenderOptions options, int retry, double jitter)
    {
        var doublings = Math.Min(retry - 1, 30);
        var baseTicks = Math.Min((double)options.InitialBackoff.Ticks * Math.Pow(2, doublings), options.MaxBackoff.Ticks);
        return TimeSpan.FromTicks((long)(baseTicks * (1 + (options.JitterFraction * Math.Clamp(jitter, 0, 1)))));
    }
}
