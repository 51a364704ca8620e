namespace FirehoseAuth.Payloads;

/// <summary>The outcome of decoding one record's payload. Anything but <see cref="Ok"/> leaves the raw record to the handler.</summary>
public enum PayloadStatus
{
    /// <summary>The record was decoded.</summary>
    Ok,

    /// <summary>The record starts with the gzip magic but is not a complete, valid gzip stream (corrupt or truncated).</summary>
    CorruptGzip,

    /// <summary>The gunzipped record exceeds <see cref="Protocol.FirehoseParserOptions.MaxDecompressedRecordSize"/>.</summary>
    DecompressedRecordTooLarge,

    /// <summary>The gunzipped records of the delivery together exceed <see cref="Protocol.FirehoseParserOptions.MaxDecompressedDeliverySize"/>.</summary>
    DecompressedDeliveryTooLarge,

    /// <summary>The record is not well-formed JSON (truncated, or not JSON at all), or a string in it holds a <c>\u</c> escape that is not valid UTF-16 (a lone surrogate).</summary>
    InvalidJson,

    /// <summary>The record is JSON, but not a CloudWatch Logs subscription message (a required field is missing or has the wrong type).</summary>
    NotCloudWatchLogs,

    /// <summary>The record is JSON, but not CloudWatch Metric Streams JSON (a required field is missing or has the wrong type).</summary>
    NotCloudWatchMetrics,

    /// <summary>The record is not a sequence of varint-length-prefixed protobuf messages (a length runs past the record, or a message does not start with a field tag).</summary>
    InvalidFraming,

    /// <summary>Automatic detection found no known format (see <see cref="FirehosePayloadReader.Detect"/>).</summary>
    UnknownFormat,
}
