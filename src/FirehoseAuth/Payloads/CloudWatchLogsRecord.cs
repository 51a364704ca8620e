namespace FirehoseAuth.Payloads;

/// <summary>One record decoded as CloudWatch Logs: its messages, or why it did not decode (with the raw bytes).</summary>
/// <remarks>
/// A record may hold several messages (concatenated gzip members, or JSON objects one after another). When
/// <see cref="Status"/> is not <see cref="PayloadStatus.Ok"/>, <see cref="Messages"/> is empty and
/// <see cref="RawRecord"/> is the record as delivered, to dead-letter. Everything here is valid until the reader is
/// reset or disposed, and the delivery disposed.
/// </remarks>
public readonly struct CloudWatchLogsRecord
{
    internal CloudWatchLogsRecord(ReadOnlyMemory<byte> rawRecord, PayloadStatus status, ReadOnlyMemory<byte> json, PayloadList<CloudWatchLogsMessage> messages)
    {
        RawRecord = rawRecord;
        Status = status;
        Json = json;
        Messages = messages;
    }

    /// <summary>Gets the outcome.</summary>
    public PayloadStatus Status { get; }

    /// <summary>Gets a value indicating whether the record decoded.</summary>
    public bool IsSuccess => Status == PayloadStatus.Ok;

    /// <summary>Gets a safe description of the failure (no record content), or <see langword="null"/> on success.</summary>
    public string? ErrorMessage => PayloadErrors.MessageOf(Status);

    /// <summary>Gets the record exactly as delivered (gzip'd or not).</summary>
    public ReadOnlyMemory<byte> RawRecord { get; }

    /// <summary>Gets the record's JSON: gunzipped when it was gzip'd, else the record itself. Empty when gunzipping failed.</summary>
    public ReadOnlyMemory<byte> Json { get; }

    /// <summary>Gets the messages, in record order.</summary>
    public PayloadList<CloudWatchLogsMessage> Messages { get; }
}
