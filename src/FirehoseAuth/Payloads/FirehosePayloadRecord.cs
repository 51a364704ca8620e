namespace FirehoseAuth.Payloads;

/// <summary>
/// One record read in a chosen (or detected) format by <see cref="FirehosePayloadReader.Read"/>: the typed result of
/// that format, or the raw bytes.
/// </summary>
public readonly struct FirehosePayloadRecord
{
    internal FirehosePayloadRecord(FirehoseRecordFormat format, PayloadStatus status, ReadOnlyMemory<byte> rawRecord)
    {
        Format = format;
        Status = status;
        RawRecord = rawRecord;
    }

    internal FirehosePayloadRecord(CloudWatchLogsRecord record)
        : this(FirehoseRecordFormat.CloudWatchLogs, record.Status, record.RawRecord) => CloudWatchLogs = record;

    internal FirehosePayloadRecord(CloudWatchMetricsRecord record)
        : this(FirehoseRecordFormat.CloudWatchMetricsJson, record.Status, record.RawRecord) => CloudWatchMetrics = record;

    internal FirehosePayloadRecord(OpenTelemetryMetricsRecord record)
        : this(FirehoseRecordFormat.CloudWatchMetricsOpenTelemetry, record.Status, record.RawRecord) => OpenTelemetryMetrics = record;

    /// <summary>
    /// Gets the format the record was read as (never <see cref="FirehoseRecordFormat.Auto"/>):
    /// <see cref="FirehoseRecordFormat.Raw"/> when asked for, or when detection found nothing (then <see cref="Status"/>
    /// is <see cref="PayloadStatus.UnknownFormat"/>).
    /// </summary>
    public FirehoseRecordFormat Format { get; }

    /// <summary>Gets the outcome.</summary>
    public PayloadStatus Status { get; }

    /// <summary>Gets a value indicating whether the record decoded in <see cref="Format"/>.</summary>
    public bool IsSuccess => Status == PayloadStatus.Ok;

    /// <summary>Gets a safe description of the failure (no record content), or <see langword="null"/> on success.</summary>
    public string? ErrorMessage => PayloadErrors.MessageOf(Status);

    /// <summary>Gets the record exactly as delivered.</summary>
    public ReadOnlyMemory<byte> RawRecord { get; }

    /// <summary>Gets the result when <see cref="Format"/> is <see cref="FirehoseRecordFormat.CloudWatchLogs"/>.</summary>
    public CloudWatchLogsRecord CloudWatchLogs { get; }

    /// <summary>Gets the result when <see cref="Format"/> is <see cref="FirehoseRecordFormat.CloudWatchMetricsJson"/>.</summary>
    public CloudWatchMetricsRecord CloudWatchMetrics { get; }

    /// <summary>Gets the result when <see cref="Format"/> is <see cref="FirehoseRecordFormat.CloudWatchMetricsOpenTelemetry"/>.</summary>
    public OpenTelemetryMetricsRecord OpenTelemetryMetrics { get; }
}
