namespace FirehoseAuth.Payloads;

/// <summary>
/// One record split as CloudWatch Metric Streams OpenTelemetry (1.0 or 0.7): each varint-length-prefixed
/// <c>ExportMetricsServiceRequest</c>, as a zero-copy slice of the record, or why the framing is wrong (with the raw bytes).
/// </summary>
/// <remarks>
/// Each message is the protobuf body of an OTLP/HTTP export request, byte for byte: post it with
/// <c>Content-Type: application/x-protobuf</c> to forward it. The protobuf itself is not parsed. The slices are views of
/// the record: valid until the delivery is disposed (the list until the reader is reset or disposed).
/// </remarks>
public readonly struct OpenTelemetryMetricsRecord
{
    internal OpenTelemetryMetricsRecord(ReadOnlyMemory<byte> rawRecord, PayloadStatus status, PayloadList<ReadOnlyMemory<byte>> messages)
    {
        RawRecord = rawRecord;
        Status = status;
        Messages = messages;
    }

    /// <summary>Gets the outcome.</summary>
    public PayloadStatus Status { get; }

    /// <summary>Gets a value indicating whether the record split.</summary>
    public bool IsSuccess => Status == PayloadStatus.Ok;

    /// <summary>Gets a safe description of the failure (no record content), or <see langword="null"/> on success.</summary>
    public string? ErrorMessage => PayloadErrors.MessageOf(Status);

    /// <summary>Gets the record exactly as delivered.</summary>
    public ReadOnlyMemory<byte> RawRecord { get; }

    /// <summary>Gets the serialized <c>ExportMetricsServiceRequest</c> messages, without their length prefixes, in record order.</summary>
    public PayloadList<ReadOnlyMemory<byte>> Messages { get; }
}
