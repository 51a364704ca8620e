namespace FirehoseAuth.Payloads;

/// <summary>What a delivery's records hold, as chosen for a stream or found by <see cref="FirehosePayloadReader.Detect"/>.</summary>
public enum FirehoseRecordFormat
{
    /// <summary>Opaque bytes: the records are handed over as they are.</summary>
    Raw,

    /// <summary>CloudWatch Logs subscription messages, gzip'd (one or more members) or already decompressed JSON.</summary>
    CloudWatchLogs,

    /// <summary>CloudWatch Metric Streams in the JSON output format: newline-separated JSON objects.</summary>
    CloudWatchMetricsJson,

    /// <summary>
    /// CloudWatch Metric Streams in the OpenTelemetry 1.0 or 0.7 output format: varint-length-prefixed
    /// <c>ExportMetricsServiceRequest</c> messages.
    /// </summary>
    CloudWatchMetricsOpenTelemetry,

    /// <summary>Detect the format of each record where it is unambiguous (see <see cref="FirehosePayloadReader.Detect"/>).</summary>
    Auto,
}
