using Microsoft.Extensions.Logging;

namespace FirehoseAuth.Diagnostics;

/// <summary>
/// Log messages of the DI and diagnostics layer. None takes a key or record data as a parameter.
/// </summary>
internal static partial class FirehoseAuthLog
{
    [LoggerMessage(EventId = 1001, EventName = "KeySourceSelected", Level = LogLevel.Information, Message = "FirehoseAuth access keys come from {KeySource}.")]
    public static partial void KeySourceSelected(ILogger logger, string keySource);

    [LoggerMessage(EventId = 1002, EventName = "FirstKeySetLoaded", Level = LogLevel.Information, Message = "FirehoseAuth loaded its first key set from AWS Secrets Manager.")]
    public static partial void FirstKeySetLoaded(ILogger logger);

    [LoggerMessage(EventId = 1003, EventName = "StartupWaitTimedOut", Level = LogLevel.Warning, Message = "FirehoseAuth loaded no key set from AWS Secrets Manager within {Timeout}; starting anyway. Deliveries are answered 503 (Firehose retries them) until the first load succeeds.")]
    public static partial void StartupWaitTimedOut(ILogger logger, TimeSpan timeout);

    [LoggerMessage(EventId = 1004, EventName = "LimitLowered", Level = LogLevel.Warning, Message = "FirehoseAuth:Limits:{Limit} is {Value}, below Firehose's maximum of {Maximum}. Larger deliveries are answered 413, which Firehose neither retries nor backs up: that data is lost.")]
    public static partial void LimitLowered(ILogger logger, string limit, int value, int maximum);
}
