using FirehoseAuth.Protocol;
using Microsoft.Extensions.Logging;

namespace FirehoseAuth.AspNetCore;

/// <summary>
/// Log messages of the endpoint. None takes the access key or record data; request ids are GUIDs chosen by Firehose.
/// </summary>
internal static partial class FirehoseEndpointLog
{
    [LoggerMessage(EventId = 2001, EventName = "DeliveryRejected", Level = LogLevel.Debug, Message = "Firehose delivery {RequestId} answered {StatusCode} ({ErrorCode}).")]
    public static partial void DeliveryRejected(ILogger logger, string? requestId, int statusCode, FirehoseErrorCode errorCode);

    [LoggerMessage(EventId = 2002, EventName = "HandlerFailed", Level = LogLevel.Error, Message = "The Firehose handler failed for delivery {RequestId}; answered 500 so Firehose retries it.")]
    public static partial void HandlerFailed(ILogger logger, string requestId, Exception exception);

    [LoggerMessage(EventId = 2003, EventName = "DeliveryAccepted", Level = LogLevel.Debug, Message = "Firehose delivery {RequestId} accepted: {RecordCount} records.")]
    public static partial void DeliveryAccepted(ILogger logger, string requestId, int recordCount);
}
