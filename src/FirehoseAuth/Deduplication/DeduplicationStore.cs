namespace FirehoseAuth.Deduplication;

/// <summary>Which <see cref="IDeliveryLedger"/> a stream uses; also the service key under which the store is registered.</summary>
public enum DeduplicationStore
{
    /// <summary>No deduplication: every attempt of a delivery runs the handler (Firehose's at-least-once).</summary>
    None = 0,

    /// <summary>The bounded in-memory ledger: retries that reach the same process run the handler once.</summary>
    Memory = 1,

    /// <summary>The Redis ledger (package <c>FirehoseAuth.Redis</c>): retries that reach any instance run the handler once.</summary>
    Redis = 2,
}
