using Microsoft.Extensions.Logging;

namespace FirehoseAuth.Diagnostics;

/// <summary>
/// Log messages of the DI and diagnostics layer. None takes a key or record data as a parameter.
/// </summary>
internal static partial class FirehoseAuthLog
{
    [LoggerMessage(EventId = 1001, EventName = "KeySourceSelected", Level = LogLevel.Information, Message = "FirehoseAuth stream {Stream}: access keys come from {KeySource}.")]
    public static partial void KeySourceSelected(ILogger logger, string stream, string keySource);

    [LoggerMessage(EventId = 1002, EventName = "FirstKeySetLoaded", Level = LogLevel.Information, Message = "FirehoseAuth stream {Stream}: loaded its first key set from AWS Secrets Manager.")]
    public static partial void FirstKeySetLoaded(ILogger logger, string stream);

    [LoggerMessage(EventId = 1003, EventName = "StartupWaitTimedOut", Level = LogLevel.Warning, Message = "FirehoseAuth stream {Stream}: loaded no key set from AWS Secrets Manager within {Timeout}; starting anyway. Deliveries are answered 503 (Firehose retries them) until the first load succeeds.")]
    public static partial void StartupWaitTimedOut(ILogger logger, string stream, TimeSpan timeout);

    [LoggerMessage(EventId = 1004, EventName = "LimitLowered", Level = LogLevel.Warning, Message = "{Setting} is {Value}, below Firehose's maximum of {Maximum} ({Unit}). Larger deliveries are answered 413, which Firehose neither retries nor backs up: that data is lost.")]
    public static partial void LimitLowered(ILogger logger, string setting, int value, int maximum, string unit);

    [LoggerMessage(EventId = 1005, EventName = "KeyHealthChanged", Level = LogLevel.Warning, Message = "FirehoseAuth key health changed from {Previous} to {Current}: {Description}")]
    public static partial void KeyHealthChanged(ILogger logger, string previous, string current, string? description);

    [LoggerMessage(EventId = 1006, EventName = "KeyHealthRecovered", Level = LogLevel.Information, Message = "FirehoseAuth key health changed from {Previous} to {Current}: {Description}")]
    public static partial void KeyHealthRecovered(ILogger logger, string previous, string current, string? description);

    [LoggerMessage(EventId = 1007, EventName = "SecretSplitBySettings", Level = LogLevel.Warning, Message = "FirehoseAuth streams {Stream} and {OtherStream} name the same secret {SecretId} but differ in {Settings}: each gets its own Secrets Manager key source (its own refresh loop and Secrets Manager calls). Make those settings equal for them to share one.")]
    public static partial void SecretSplitBySettings(ILogger logger, string stream, string otherStream, string secretId, string settings);
}
