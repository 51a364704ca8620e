namespace FirehoseAuth.Deduplication;

/// <summary>
/// How a stream handles a delivery that Firehose retries (configuration section <c>FirehoseAuth:Deduplication</c>).
/// </summary>
/// <remarks>
/// Firehose delivers at least once: when it does not get a valid 200 in time it sends the same delivery again, with the
/// same request id. With a store, the handler runs once per request id within <see cref="Retention"/>: a retry of a
/// delivery that was handled is answered 200 without the handler, and a retry that arrives while the first attempt is
/// still running is answered 503 (Firehose retries again later).
/// </remarks>
public sealed class DeduplicationOptions
{
    /// <summary>The longest accepted <see cref="Lease"/>.</summary>
    internal static readonly TimeSpan MaxLease = TimeSpan.FromDays(1);

    /// <summary>The longest accepted <see cref="Retention"/>.</summary>
    internal static readonly TimeSpan MaxRetention = TimeSpan.FromDays(7);

    /// <summary>The longest accepted <see cref="StoreTimeout"/>.</summary>
    internal static readonly TimeSpan MaxStoreTimeout = TimeSpan.FromMinutes(1);

    /// <summary>The largest accepted <see cref="MemoryCapacity"/>.</summary>
    internal const int MaxMemoryCapacity = 10_000_000;

    /// <summary>Gets or sets the store that records claimed and handled deliveries.</summary>
    /// <value>
    /// The default value is <see cref="DeduplicationStore.None"/>: deduplication changes what a handler sees (a retried
    /// delivery no longer reaches it, and a retry racing a slow first attempt is answered 503), so it is opt-in.
    /// </value>
    public DeduplicationStore Store { get; set; } = DeduplicationStore.None;

    /// <summary>
    /// Gets or sets how long a claim holds while its handler runs. A retry that arrives within the lease is answered
    /// 503; after it (the holder died or hangs) the retry takes the delivery over and runs the handler.
    /// </summary>
    /// <remarks>
    /// Firehose gives an HTTP endpoint 3 minutes to answer before it times the request out and retries (AWS, "Understand
    /// HTTP endpoint delivery request and response specifications", Amazon Data Firehose Developer Guide). The lease
    /// covers that, plus 2 minutes for the handler to finish and the answer to leave after Firehose gave up waiting.
    /// </remarks>
    /// <value>The default value is 5 minutes.</value>
    public TimeSpan Lease { get; set; } = TimeSpan.FromMinutes(5);

    /// <summary>Gets or sets how long a handled delivery is remembered, so that its retries are answered 200 without the handler.</summary>
    /// <remarks>
    /// Firehose retries an HTTP endpoint delivery for at most 7,200 seconds (<c>HttpEndpointRetryOptions.DurationInSeconds</c>,
    /// range 0–7,200), a period that excludes the up to 3 minutes it waits on each attempt. The retention covers
    /// those 2 hours plus 1 hour for the waits.
    /// </remarks>
    /// <value>The default value is 3 hours.</value>
    public TimeSpan Retention { get; set; } = TimeSpan.FromHours(3);

    /// <summary>Gets or sets what a delivery gets when the store cannot answer within <see cref="StoreTimeout"/>.</summary>
    /// <value>
    /// The default value is <see cref="StoreUnavailableBehavior.RunHandler"/>: the handler runs (at least once, never
    /// blocking ingestion on the store), with a warning log, a metric and a Degraded health check.
    /// </value>
    public StoreUnavailableBehavior WhenStoreUnavailable { get; set; } = StoreUnavailableBehavior.RunHandler;

    /// <summary>Gets or sets the longest a delivery waits on one call to the store before the store counts as unavailable.</summary>
    /// <value>The default value is 1 second (a store on the same network answers in about a millisecond).</value>
    public TimeSpan StoreTimeout { get; set; } = TimeSpan.FromSeconds(1);

    /// <summary>
    /// Gets or sets the most deliveries the in-memory store keeps. When full it forgets, in this order, an expired
    /// claim, the oldest handled delivery, and only then the oldest claim. Size it to the deliveries of one
    /// <see cref="Retention"/>: beyond that, the oldest handled deliveries are forgotten early.
    /// </summary>
    /// <value>
    /// The default value is 100,000 deliveries: 3 hours of 9 deliveries per second, in roughly 30 MB (about 100 bytes an
    /// entry plus the request id and source ARN strings it keeps; an estimate, not a measurement).
    /// </value>
    public int MemoryCapacity { get; set; } = 100_000;

    /// <summary>Appends every problem of <paramref name="options"/> to <paramref name="failures"/>.</summary>
    /// <param name="options">The options to check.</param>
    /// <param name="section">The configuration path of <paramref name="options"/>, such as <c>FirehoseAuth:Deduplication</c>.</param>
    /// <param name="failures">Receives one message per problem, each naming the setting.</param>
    internal static void Validate(DeduplicationOptions options, string section, List<string> failures)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(section);
        ArgumentNullException.ThrowIfNull(failures);

        if (!Enum.IsDefined(options.Store))
        {
            failures.Add($"{section}:{nameof(Store)} is {(int)options.Store}; it must be None, Memory or Redis.");
        }

        RequireDuration(options.Lease, MaxLease, section, nameof(Lease), failures);
        RequireDuration(options.Retention, MaxRetention, section, nameof(Retention), failures);
        RequireDuration(options.StoreTimeout, MaxStoreTimeout, section, nameof(StoreTimeout), failures);
        if (!Enum.IsDefined(options.WhenStoreUnavailable))
        {
            failures.Add($"{section}:{nameof(WhenStoreUnavailable)} is {(int)options.WhenStoreUnavailable}; it must be RunHandler or Reject.");
        }

        if (options.MemoryCapacity is <= 0 or > MaxMemoryCapacity)
        {
            failures.Add($"{section}:{nameof(MemoryCapacity)} is {options.MemoryCapacity}; it must be positive and at most {MaxMemoryCapacity}.");
        }
    }

    private static void RequireDuration(TimeSpan value, TimeSpan max, string section, string name, List<string> failures)
    {
        if (value <= TimeSpan.Zero)
        {
            failures.Add($"{section}:{name} is {value}; it must be positive.");
        }
        else if (value > max)
        {
            failures.Add($"{section}:{name} is {value}; it must be at most {max}.");
        }
    }
}
