namespace FirehoseAuth.Deduplication;

/// <summary>What a delivery gets when the deduplication store cannot answer in time.</summary>
public enum StoreUnavailableBehavior
{
    /// <summary>Run the handler anyway: at least once, as without deduplication; ingestion never blocks on the store.</summary>
    RunHandler = 0,

    /// <summary>Answer 503, so that Firehose retries the delivery later (and backs it up to S3 when its retries run out).</summary>
    Reject = 1,
}
