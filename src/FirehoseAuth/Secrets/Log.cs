using Microsoft.Extensions.Logging;

namespace FirehoseAuth.Secrets;

/// <summary>
/// Log messages of the Secrets feature. None takes a key, a secret string or an AWS secret key as a parameter.
/// </summary>
internal static partial class Log
{
    [LoggerMessage(EventId = 300, Level = LogLevel.Information, Message = "Secrets Manager call for {VersionStage} failed with {ErrorType} (HTTP {StatusCode}, attempt {Attempt} of {MaxAttempts}); retrying in {Delay}.")]
    public static partial void RetryingCall(ILogger logger, string versionStage, string errorType, int statusCode, int attempt, int maxAttempts, TimeSpan delay);

    [LoggerMessage(EventId = 301, Level = LogLevel.Information, Message = "Loaded the access key set from secret {SecretId}: version {VersionId}, previous key {PreviousVersionId} accepted until {PreviousValidUntil}.")]
    public static partial void KeySetLoaded(ILogger logger, string secretId, string versionId, string? previousVersionId, DateTimeOffset? previousValidUntil);

    [LoggerMessage(EventId = 302, Level = LogLevel.Debug, Message = "Confirmed the access key set of secret {SecretId}: version {VersionId} is unchanged.")]
    public static partial void KeySetConfirmed(ILogger logger, string secretId, string versionId);

    [LoggerMessage(EventId = 303, Level = LogLevel.Warning, Message = "Refreshing the access key set from secret {SecretId} failed ({ErrorType}: {ErrorMessage}), {ConsecutiveFailures} time(s) in a row; still serving version {VersionId}. Next attempt in {RetryIn}.")]
    public static partial void RefreshFailedServingLastGood(ILogger logger, string secretId, string errorType, string errorMessage, int consecutiveFailures, string? versionId, TimeSpan retryIn);

    [LoggerMessage(EventId = 304, Level = LogLevel.Error, Message = "Loading the access key set from secret {SecretId} failed ({ErrorType}: {ErrorMessage}), {ConsecutiveFailures} time(s) in a row; deliveries are answered 503 until it loads. Next attempt in {RetryIn}.")]
    public static partial void RefreshFailedNoKeySet(ILogger logger, string secretId, string errorType, string errorMessage, int consecutiveFailures, TimeSpan retryIn);

    [LoggerMessage(EventId = 305, Level = LogLevel.Warning, Message = "The AWSPREVIOUS version {VersionId} of secret {SecretId} holds no usable key ({Reason}); only the current key is accepted.")]
    public static partial void PreviousVersionUnusable(ILogger logger, string secretId, string versionId, string reason);

    [LoggerMessage(EventId = 306, Level = LogLevel.Information, Message = "A delivery presented an unknown access key; refreshing the key set of secret {SecretId} early.")]
    public static partial void EarlyRefreshOnUnknownKey(ILogger logger, string secretId);
}
