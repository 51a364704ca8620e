namespace FirehoseAuth.Secrets;

/// <summary>
/// Where the access key lives in AWS Secrets Manager and how the cached key set is kept fresh
/// (configuration section <c>FirehoseAuth:SecretsManager</c>).
/// </summary>
public sealed class SecretsManagerOptions
{
    /// <summary>Gets or sets the secret's name or ARN. Setting it selects Secrets Manager as the key source.</summary>
    /// <value>The default value is <see langword="null"/>.</value>
    public string? SecretId { get; set; }

    /// <summary>Gets or sets the JSON field of the secret string that holds the access key.</summary>
    /// <value>The default value is <c>api_key</c>, the field Firehose itself reads.</value>
    public string JsonKey { get; set; } = "api_key";

    /// <summary>Gets or sets a value indicating whether the whole <c>SecretString</c> is the key (a plain, non-JSON secret).</summary>
    /// <value>The default value is <see langword="false"/>.</value>
    public bool UseWholeSecretString { get; set; }

    /// <summary>
    /// Gets or sets the endpoint URL. When unset: <c>AWS_ENDPOINT_URL_SECRETS_MANAGER</c>, then <c>AWS_ENDPOINT_URL</c>,
    /// then <c>https://secretsmanager.{region}.{dnsSuffix}</c>.
    /// </summary>
    /// <value>The default value is <see langword="null"/>.</value>
    public Uri? ServiceUrl { get; set; }

    /// <summary>Gets or sets the AWS region. When unset, the SDK's region chain (<c>AWS_REGION</c>, profile, instance metadata) decides.</summary>
    /// <value>The default value is <see langword="null"/>.</value>
    public string? Region { get; set; }

    /// <summary>Gets or sets a value indicating whether the FIPS endpoint (<c>secretsmanager-fips</c>) is used.</summary>
    /// <value>The default value is <see langword="false"/>.</value>
    public bool UseFipsEndpoint { get; set; }

    /// <summary>Gets or sets how often the key set is refreshed in the background (jittered by ±10%).</summary>
    /// <value>The default value is 5 minutes.</value>
    public TimeSpan RefreshInterval { get; set; } = TimeSpan.FromMinutes(5);

    /// <summary>Gets or sets the shortest time between two early refreshes triggered by unknown keys.</summary>
    /// <value>The default value is 30 seconds.</value>
    public TimeSpan MinRefreshOnMissInterval { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>Gets or sets the timeout of one HTTP attempt.</summary>
    /// <value>The default value is 10 seconds.</value>
    public TimeSpan AttemptTimeout { get; set; } = TimeSpan.FromSeconds(10);

    /// <summary>Gets or sets the number of attempts of one call, including the first, for retryable errors.</summary>
    /// <value>The default value is 3.</value>
    public int MaxAttempts { get; set; } = 3;

    /// <summary>
    /// Gets or sets how long host start-up waits for the first key set. Zero does not wait; until the first load,
    /// deliveries are answered 503 and Firehose retries them.
    /// </summary>
    /// <value>The default value is 10 seconds.</value>
    public TimeSpan StartupWaitTimeout { get; set; } = TimeSpan.FromSeconds(10);
}
