namespace FirehoseAuth.Testing;

/// <summary>How a delivery ended, as Firehose would see it.</summary>
public enum FirehoseDeliveryVerdict
{
    /// <summary>An attempt was answered 200 with a valid response.</summary>
    Delivered,

    /// <summary>Every attempt within the retry duration failed; in real life Firehose backs the records up to S3.</summary>
    FailedAfterRetries,

    /// <summary>The receiver answered 413, which Firehose treats as permanent: no retry, no S3 backup, the data is lost.</summary>
    Lost,
}
