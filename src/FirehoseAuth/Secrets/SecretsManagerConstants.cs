namespace FirehoseAuth.Secrets;

/// <summary>
/// Names and limits of the Secrets Manager JSON 1.1 protocol and of FirehoseAuth's refresh policy.
/// </summary>
internal static class SecretsManagerConstants
{
    /// <summary>The staging label of the version in force.</summary>
    public const string CurrentStage = "AWSCURRENT";

    /// <summary>The staging label of the version in force before the last rotation.</summary>
    public const string PreviousStage = "AWSPREVIOUS";

    /// <summary>The SigV4 service name and endpoint prefix.</summary>
    public const string ServiceName = "secretsmanager";

    /// <summary>The endpoint prefix of the FIPS endpoints.</summary>
    public const string FipsServiceName = "secretsmanager-fips";

    /// <summary>The <c>X-Amz-Target</c> of <c>GetSecretValue</c>.</summary>
    public const string GetSecretValueTarget = "secretsmanager.GetSecretValue";

    /// <summary>The request content type of the JSON 1.1 protocol (sent exactly, without a charset).</summary>
    public const string ContentType = "application/x-amz-json-1.1";

    /// <summary>The <c>X-Amz-Target</c> header name.</summary>
    public const string TargetHeader = "X-Amz-Target";

    /// <summary>The response header that may carry the error type when the body does not.</summary>
    public const string ErrorTypeHeader = "x-amzn-ErrorType";

    /// <summary>The region used to sign requests to a custom endpoint when no region is configured or found.</summary>
    public const string DefaultSigningRegion = "us-east-1";

    /// <summary>The largest response body read (secrets are at most 64 KiB; binary ones are base64-encoded).</summary>
    public const int MaxResponseBytes = 1024 * 1024;

    /// <summary>The first backoff step between two attempts of one call (doubles per attempt, jittered).</summary>
    public static readonly TimeSpan AttemptBackoffBase = TimeSpan.FromMilliseconds(250);

    /// <summary>The longest backoff between two attempts of one call.</summary>
    public static readonly TimeSpan AttemptBackoffCap = TimeSpan.FromSeconds(10);

    /// <summary>The first backoff step after a failed refresh (doubles per failure, jittered, capped at the refresh interval).</summary>
    public static readonly TimeSpan RefreshBackoffBase = TimeSpan.FromSeconds(5);

    /// <summary>The longest refresh interval accepted (timers cannot wait much longer than 49 days).</summary>
    public static readonly TimeSpan MaxRefreshInterval = TimeSpan.FromDays(1);

    /// <summary>How many refresh intervals may pass without a successful refresh before the key set counts as stale.</summary>
    public const int StaleAfterRefreshIntervals = 3;

    /// <summary>Error type reported when the secret cannot be turned into a key.</summary>
    public const string MalformedSecretError = "MalformedSecret";
}
