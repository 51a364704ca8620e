using Microsoft.Extensions.Logging;

namespace FirehoseAuth.Pipeline;

/// <summary>
/// Log messages of the delivery pipeline. None takes the access key or record data; request ids are GUIDs chosen by
/// Firehose, and error messages are the safe ones sent back to Firehose.
/// </summary>
internal static partial class PipelineLog
{
    [LoggerMessage(EventId = 2001, EventName = "DeliveryRejected", Level = LogLevel.Debug, Message = "Firehose stream {Stream}: delivery {RequestId} answered {StatusCode} ({ErrorCode}).")]
    public static partial void DeliveryRejected(ILogger logger, string stream, string? requestId, int statusCode, FirehoseErrorCode errorCode);

    [LoggerMessage(EventId = 2002, EventName = "HandlerFailed", Level = LogLevel.Error, Message = "Firehose stream {Stream}: the handler failed for delivery {RequestId}; answered 500 so Firehose retries it.")]
    public static partial void HandlerFailed(ILogger logger, string stream, string requestId, Exception exception);

    [LoggerMessage(EventId = 2003, EventName = "DeliveryAccepted", Level = LogLevel.Debug, Message = "Firehose stream {Stream}: delivery {RequestId} accepted: {RecordCount} records.")]
    public static partial void DeliveryAccepted(ILogger logger, string stream, string requestId, int recordCount);

    [LoggerMessage(EventId = 2004, EventName = "DeliveriesRejected", Level = LogLevel.Warning, Message = "Firehose stream {Stream}: a delivery was answered {StatusCode} ({ErrorCode}: {Reason}); {Suppressed} more for the same cause since this warning was last written (at most one a minute per cause; each one is logged at Debug).")]
    public static partial void DeliveriesRejected(ILogger logger, string stream, int statusCode, FirehoseErrorCode errorCode, string reason, long suppressed);

    [LoggerMessage(EventId = 2005, EventName = "DuplicateDelivery", Level = LogLevel.Debug, Message = "Firehose stream {Stream}: delivery {RequestId} was already handled; answered 200 without running the handler.")]
    public static partial void DuplicateDelivery(ILogger logger, string stream, string requestId);

    [LoggerMessage(EventId = 2006, EventName = "DeduplicationStoreUnavailable", Level = LogLevel.Warning, Message = "Firehose stream {Stream}: the deduplication store failed to {Operation}; deliveries are {Consequence} until it answers again ({Suppressed} more failures since this warning was last written; at most one a minute).")]
    public static partial void DeduplicationStoreUnavailable(ILogger logger, string stream, string operation, string consequence, long suppressed, Exception exception);
}
