namespace FirehoseAuth.Testing;

/// <summary>How <see cref="FirehoseSender"/> behaves; the defaults are Firehose's.</summary>
public sealed class FirehoseSenderOptions
{
    /// <summary>Gets how long an attempt waits for the complete response before it counts as failed.</summary>
    /// <value>The default value is 3 minutes, Firehose's response timeout.</value>
    public TimeSpan ResponseTimeout { get; init; } = TimeSpan.FromMinutes(3);

    /// <summary>Gets how long after the first attempt started a retry may still start (0 to 7,200 seconds; zero: no retry).</summary>
    /// <value>The default value is 300 seconds, the delivery stream's default retry duration.</value>
    public TimeSpan RetryDuration { get; init; } = TimeSpan.FromSeconds(300);

    /// <summary>Gets the backoff before the first retry; it doubles before each later one, up to <see cref="MaxBackoff"/>.</summary>
    /// <value>The default value is 1 second.</value>
    public TimeSpan InitialBackoff { get; init; } = TimeSpan.FromSeconds(1);

    /// <summary>Gets the longest backoff before jitter. AWS does not publish Firehose's cap; this is the simulator's.</summary>
    /// <value>The default value is 60 seconds.</value>
    public TimeSpan MaxBackoff { get; init; } = TimeSpan.FromSeconds(60);

    /// <summary>Gets the most jitter added to a backoff, as a fraction of it (0 to 1).</summary>
    /// <value>The default value is 0.15 (up to 15 % more).</value>
    public double JitterFraction { get; init; } = 0.15;

    /// <summary>Gets the source of jitter: a value in [0, 1) per retry, multiplied by <see cref="JitterFraction"/>.</summary>
    /// <value>The default value is <see langword="null"/>: <see cref="Random.Shared"/>.</value>
    public Func<double>? Jitter { get; init; }

    /// <summary>Gets the clock for timestamps, latencies, timeouts and backoff waits.</summary>
    /// <value>The default value is <see cref="TimeProvider.System"/>.</value>
    public TimeProvider TimeProvider { get; init; } = TimeProvider.System;

    /// <summary>Gets how far a response's timestamp may be from the sender's clock.</summary>
    /// <value>The default value is 10 minutes (<see cref="FirehoseResponseJudge.DefaultTimestampTolerance"/>).</value>
    public TimeSpan TimestampTolerance { get; init; } = FirehoseResponseJudge.DefaultTimestampTolerance;

    internal void Validate()
    {
        Require(ResponseTimeout > TimeSpan.Zero, nameof(ResponseTimeout), "must be positive");
        Require(RetryDuration >= TimeSpan.Zero && RetryDuration <= TimeSpan.FromSeconds(7200), nameof(RetryDuration), "must be 0 to 7,200 seconds");
        Require(InitialBackoff >= TimeSpan.Zero, nameof(InitialBackoff), "must not be negative");
        Require(MaxBackoff >= InitialBackoff, nameof(MaxBackoff), "must be at least InitialBackoff");
        Require(JitterFraction is >= 0 and <= 1, nameof(JitterFraction), "must be 0 to 1");
        Require(TimestampTolerance >= TimeSpan.Zero, nameof(TimestampTolerance), "must not be negative");
        ArgumentNullException.ThrowIfNull(TimeProvider);
    }

    private static void Require(bool condition, string name, string rule)
    {
        if (!condition)
        {
            throw new ArgumentOutOfRangeException(name, $"FirehoseSenderOptions.{name} {rule}.");
        }
    }
}
