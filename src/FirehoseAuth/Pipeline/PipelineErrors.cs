namespace FirehoseAuth.Pipeline;

/// <summary>
/// The pipeline's own answers (the parser's come from the parser), created once so a rejection allocates nothing.
/// </summary>
internal static class PipelineErrors
{
    public static readonly FirehoseError MethodNotAllowed = new(FirehoseErrorCode.MethodNotAllowed, "Firehose deliveries are POST requests.");

    public static readonly FirehoseError KeysUnavailable = new(FirehoseErrorCode.KeysUnavailable, "The receiver has not loaded its access keys yet; retry later.");

    public static readonly FirehoseError MissingAccessKey = new(FirehoseErrorCode.MissingAccessKey, "The X-Amz-Firehose-Access-Key header is missing.");

    public static readonly FirehoseError InvalidAccessKey = new(FirehoseErrorCode.InvalidAccessKey, "The access key is not valid.");

    public static readonly FirehoseError SourceArnNotAllowed = new(FirehoseErrorCode.SourceArnNotAllowed, "The delivery stream is not allowed to deliver to this endpoint.");

    public static readonly FirehoseError BodyUnreadable = new(FirehoseErrorCode.MalformedBody, "The request body could not be read.");

    public static readonly FirehoseError BodyOverLimit = new(FirehoseErrorCode.PayloadTooLarge, "The request body could not be read.");

    public static readonly FirehoseError ServerBodyLimitNotRaised = new(FirehoseErrorCode.ServerBodyLimitNotRaised, "The request body could not be read.");

    public static readonly FirehoseError HandlerFailed = new(FirehoseErrorCode.HandlerFailed, "The receiver failed to process the delivery; it will be retried.");

    public static readonly FirehoseError DeliveryInProgress = new(FirehoseErrorCode.DeliveryInProgress, "Another receiver is processing this delivery; retry later.");

    public static readonly FirehoseError DeduplicationUnavailable = new(FirehoseErrorCode.DeduplicationUnavailable, "The receiver cannot reach its deduplication store; retry later.");
}
