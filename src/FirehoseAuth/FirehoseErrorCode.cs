namespace FirehoseAuth;

/// <summary>
/// Why a delivery was not accepted. Each code maps to exactly one HTTP status (see <see cref="FirehoseError.StatusCode"/>).
/// </summary>
/// <remarks>
/// The parser (<see cref="Protocol.FirehoseRequestParser"/>) produces the 400, 413 and 415 codes; the delivery pipeline
/// (<see cref="Pipeline.FirehoseDeliveryPipeline"/>) the others, in the order its documentation gives.
/// </remarks>
public enum FirehoseErrorCode
{
    /// <summary>The body is not a valid Firehose request document (400).</summary>
    MalformedBody = 1,

    /// <summary>A record's <c>data</c> is not valid base64 (400).</summary>
    InvalidRecordData,

    /// <summary>The body has no <c>requestId</c> (400).</summary>
    MissingRequestId,

    /// <summary>The body's <c>requestId</c> differs from the <c>X-Amz-Firehose-Request-Id</c> header (400).</summary>
    RequestIdMismatch,

    /// <summary>The <c>timestamp</c> is missing or not an integer (400).</summary>
    InvalidTimestamp,

    /// <summary>The body has no <c>records</c> array, or it is empty (400).</summary>
    MissingRecords,

    /// <summary>The <c>X-Amz-Firehose-Common-Attributes</c> header is malformed or exceeds the specification's limits (400).</summary>
    InvalidCommonAttributes,

    /// <summary>The body is declared gzip but is not valid gzip (400).</summary>
    InvalidContentEncoding,

    /// <summary>The body, a record, a decompressed record or the record count exceeds a configured limit (413).</summary>
    PayloadTooLarge,

    /// <summary>The <c>X-Amz-Firehose-Access-Key</c> header is absent or empty (401).</summary>
    MissingAccessKey,

    /// <summary>The access key is not one of the keys currently accepted (401).</summary>
    InvalidAccessKey,

    /// <summary>The source ARN is not in the configured allow-list (403).</summary>
    SourceArnNotAllowed,

    /// <summary>The HTTP method is not POST (405).</summary>
    MethodNotAllowed,

    /// <summary>The <c>Content-Type</c> or <c>Content-Encoding</c> is not supported (415).</summary>
    UnsupportedMediaType,

    /// <summary>The application's handler failed; Firehose retries (500).</summary>
    HandlerFailed,

    /// <summary>No key set has been loaded yet; Firehose retries, nothing is accepted unauthenticated (503).</summary>
    KeysUnavailable,

    /// <summary>
    /// The host refused the body with a size limit of its own that could not be raised to the configured one (500, so
    /// Firehose retries: it is not a limit the operator chose, and a 413 would lose the data).
    /// </summary>
    ServerBodyLimitNotRaised,

    /// <summary>Another receiver holds a claim on this delivery (its request id) and has not finished; Firehose retries (503).</summary>
    DeliveryInProgress,

    /// <summary>The deduplication store could not be reached and the stream is configured to refuse rather than risk a second run (503).</summary>
    DeduplicationUnavailable,
}
