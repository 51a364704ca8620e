namespace FirehoseAuth.Payloads;

/// <summary>The safe, fixed message for each <see cref="PayloadStatus"/> (no record content ever reaches one).</summary>
internal static class PayloadErrors
{
    public static string? MessageOf(PayloadStatus status) => status switch
    {
        PayloadStatus.Ok => null,
        PayloadStatus.CorruptGzip => "The record starts with the gzip magic but is not a complete, valid gzip stream.",
        PayloadStatus.DecompressedRecordTooLarge => "The gunzipped record exceeds MaxDecompressedRecordSize.",
        PayloadStatus.DecompressedDeliveryTooLarge => "The gunzipped records of the delivery exceed MaxDecompressedDeliverySize.",
        PayloadStatus.InvalidJson => "The record is not well-formed JSON, or holds a \\u escape that is not valid UTF-16.",
        PayloadStatus.NotCloudWatchLogs => "The record is not a CloudWatch Logs subscription message (messageType, logEvents or an event field is missing or mistyped).",
        PayloadStatus.NotCloudWatchMetrics => "The record is not CloudWatch Metric Streams JSON (namespace, metric_name, timestamp or value is missing or mistyped).",
        PayloadStatus.InvalidFraming => "The record is not a sequence of varint-length-prefixed protobuf messages.",
        PayloadStatus.UnknownFormat => "The record's format was not recognised.",
        _ => "The record could not be decoded.",
    };
}
