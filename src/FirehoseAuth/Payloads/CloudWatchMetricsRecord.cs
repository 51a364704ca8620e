namespace FirehoseAuth.Payloads;

/// <summary>One record decoded as CloudWatch Metric Streams JSON: its metrics, or why it did not decode (with the raw bytes).</summary>
/// <remarks>
/// When <see cref="Status"/> is not <see cref="PayloadStatus.Ok"/>, <see cref="Metrics"/> is empty: no line of a bad
/// record is handed out alone, the whole record is the handler's to dead-letter. Valid until the reader is reset or
/// disposed, and the delivery disposed.
/// </remarks>
public readonly struct CloudWatchMetricsRecord
{
    internal CloudWatchMetricsRecord(ReadOnlyMemory<byte> rawRecord, PayloadStatus status, PayloadList<CloudWatchMetric> metrics)
    {
        RawRecord = rawRecord;
        Status = status;
        Metrics = metrics;
    }

    /// <summary>Gets the outcome.</summary>
    public PayloadStatus Status { get; }

    /// <summary>Gets a value indicating whether the record decoded.</summary>
    public bool IsSuccess => Status == PayloadStatus.Ok;

    /// <summary>Gets a safe description of the failure (no record content), or <see langword="null"/> on success.</summary>
    public string? ErrorMessage => PayloadErrors.MessageOf(Status);

    /// <summary>Gets the record exactly as delivered.</summary>
    public ReadOnlyMemory<byte> RawRecord { get; }

    /// <summary>Gets the metrics, one per line, in record order.</summary>
    public PayloadList<CloudWatchMetric> Metrics { get; }
}
