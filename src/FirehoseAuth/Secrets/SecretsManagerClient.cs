using System.Buffers;
using System.Net;
using System.Net.Http.Headers;
using System.Text.Json;
using Amazon;
using Amazon.Runtime;
using Amazon.Runtime.Credentials;
using Amazon.Runtime.Signing;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace FirehoseAuth.Secrets;

/// <summary>
/// Calls Secrets Manager's <c>GetSecretValue</c> (JSON 1.1) over <see cref="HttpClient"/>, signed with SigV4.
/// </summary>
/// <remarks>
/// <para>
/// Credentials come from AWSSDK.Core's default chain (<see cref="DefaultAWSCredentialsIdentityResolver"/>), the region
/// from the options or the SDK's region chain, and every attempt is signed afresh by the public
/// <see cref="AWSSigV4Signer"/> at the <see cref="TimeProvider"/>'s time. Retried, with jittered exponential backoff on
/// the <see cref="TimeProvider"/>, at most <see cref="SecretsManagerOptions.MaxAttempts"/> attempts: throttling
/// (<c>ThrottlingException</c>, <c>TooManyRequestsException</c>, 429), 5xx and <c>InternalServiceError</c>, attempt
/// timeouts and connection failures. Redirects are never followed: a 3xx answer, or a response that came from another
/// URL than the one signed, is a non-retryable error.
/// </para>
/// <para>
/// A missing staging label: <c>AWSCURRENT</c> exists on every secret that has a value, so
/// <c>ResourceNotFoundException</c> for <c>AWSCURRENT</c> means the secret is missing and is thrown; for any other label
/// (<c>AWSPREVIOUS</c> on a secret that was never rotated) it means no version carries the label and the call returns
/// <see langword="null"/>. The provider always reads <c>AWSCURRENT</c> first, so a missing secret surfaces as an error.
/// </para>
/// </remarks>
internal sealed class SecretsManagerClient : ISecretValueSource, IDisposable
{
    /// <summary>The name of the <see cref="HttpClient"/> obtained from <see cref="IHttpClientFactory"/>.</summary>
    public const string HttpClientName = "FirehoseAuth.SecretsManager";

    private static readonly MediaTypeHeaderValue RequestContentType = new(SecretsManagerConstants.ContentType);

    private readonly IHttpClientFactory _httpClientFactory;
    private readonly SecretsManagerOptions _options;
    private readonly TimeProvider _timeProvider;
    private readonly ILogger _logger;
    private readonly AWSCredentials? _credentials;
    private readonly Func<double> _random;
    private readonly Func<string, string?> _getEnvironmentVariable;
    private readonly Lock _credentialsResolverLock = new();
    private DefaultAWSCredentialsIdentityResolver? _credentialsResolver;
    private Target? _target;
    private int _retryDelaysPending;

    /// <summary>Initializes a client that takes credentials, region and endpoint from the options and the AWS SDK's chains.</summary>
    public SecretsManagerClient(IHttpClientFactory httpClientFactory, IOptions<FirehoseAuthOptions> options, TimeProvider timeProvider, ILogger<SecretsManagerClient> logger)
        : this(httpClientFactory, options, timeProvider, logger, credentials: null, random: null, getEnvironmentVariable: null)
    {
    }

    /// <summary>Initializes a client with fixed credentials and seams for tests.</summary>
    /// <param name="httpClientFactory">Creates the <see cref="HttpClientName"/> client.</param>
    /// <param name="options">The options.</param>
    /// <param name="timeProvider">The clock for signing, attempt timeouts and backoff.</param>
    /// <param name="logger">The logger.</param>
    /// <param name="credentials">Fixed credentials, or <see langword="null"/> for the SDK's default chain.</param>
    /// <param name="random">Returns values in [0, 1) for jitter, or <see langword="null"/> for <see cref="Random.Shared"/>.</param>
    /// <param name="getEnvironmentVariable">Reads environment variables, or <see langword="null"/> for the process environment.</param>
    internal SecretsManagerClient(
        IHttpClientFactory httpClientFactory,
        IOptions<FirehoseAuthOptions> options,
        TimeProvider timeProvider,
        ILogger<SecretsManagerClient> logger,
        AWSCredentials? credentials,
        Func<double>? random,
        Func<string, string?>? getEnvironmentVariable)
    {
        ArgumentNullException.ThrowIfNull(httpClientFactory);
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(timeProvider);
        ArgumentNullException.ThrowIfNull(logger);
        _httpClientFactory = httpClientFactory;
        _options = options.Value.SecretsManager;
        _timeProvider = timeProvider;
        _logger = logger;
        _credentials = credentials;
        _random = random ?? Random.Shared.NextDouble;
        _getEnvironmentVariable = getEnvironmentVariable ?? Environment.GetEnvironmentVariable;
    }

    /// <summary>Gets the number of calls waiting out a backoff between two attempts (for tests and diagnostics).</summary>
    internal int RetryDelaysPending => Volatile.Read(ref _retryDelaysPending);

    /// <inheritdoc/>
    public async Task<SecretValue?> GetSecretValueAsync(string secretId, string versionStage, CancellationToken cancellationToken)
    {
        ArgumentException.ThrowIfNullOrEmpty(secretId);
        ArgumentException.ThrowIfNullOrEmpty(versionStage);

        var (endpoint, region) = ResolveTarget();
        var body = CreateRequestBody(secretId, versionStage);
        var httpClient = _httpClientFactory.CreateClient(HttpClientName);
        var maxAttempts = Math.Max(1, _options.MaxAttempts);

        for (var attempt = 1; ; attempt++)
        {
            var credentials = await ResolveCredentialsAsync(cancellationToken).ConfigureAwait(false);
            var (value, error) = await SendOnceAsync(httpClient, endpoint, region, credentials, body, cancellationToken).ConfigureAwait(false);
            if (error is null)
            {
                return value;
            }

            if (error.ErrorType == "ResourceNotFoundException" && versionStage != SecretsManagerConstants.CurrentStage)
            {
                return null;
            }

            if (!error.IsRetryable || attempt >= maxAttempts)
            {
                throw error;
            }

            var delay = SecretsManagerBackoff.Exponential(attempt, SecretsManagerConstants.AttemptBackoffBase, SecretsManagerConstants.AttemptBackoffCap, _random());
            Log.RetryingCall(_logger, versionStage, error.ErrorType, error.StatusCode, attempt, maxAttempts, delay);
            Interlocked.Increment(ref _retryDelaysPending);
            try
            {
                await Task.Delay(delay, _timeProvider, cancellationToken).ConfigureAwait(false);
            }
            finally
            {
                Interlocked.Decrement(ref _retryDelaysPending);
            }
        }
    }

    /// <inheritdoc/>
    public void Dispose() => _credentialsResolver?.Dispose();

    /// <summary>
    /// Builds the exact request that is sent: <c>POST</c> to <paramref name="endpoint"/> with an exact
    /// <c>Content-Type</c> (no charset), <c>X-Amz-Target</c>, and the SigV4 headers computed by AWSSDK.Core's
    /// <see cref="AWSSigV4Signer"/> for <paramref name="signedAt"/> (including <c>X-Amz-Content-SHA256</c>).
    /// </summary>
    /// <param name="endpoint">The URL signed and sent to.</param>
    /// <param name="target">The <c>X-Amz-Target</c>, for example <c>secretsmanager.GetSecretValue</c>.</param>
    /// <param name="body">The JSON body.</param>
    /// <param name="credentials">The credentials.</param>
    /// <param name="region">The region of the credential scope.</param>
    /// <param name="signedAt">The signing time.</param>
    /// <param name="cancellationToken">Cancels credential resolution.</param>
    /// <returns>The signed request; the caller disposes it.</returns>
    internal static async Task<HttpRequestMessage> CreateSignedRequestAsync(
        Uri endpoint,
        string target,
        byte[] body,
        AWSCredentials credentials,
        RegionEndpoint region,
        DateTimeOffset signedAt,
        CancellationToken cancellationToken)
    {
        var signingRequest = new AWSSigningRequest
        {
            HttpMethod = HttpMethod.Post,
            RequestUri = endpoint,
            Content = body,
        };
        signingRequest.Headers["Content-Type"] = SecretsManagerConstants.ContentType;
        signingRequest.Headers[SecretsManagerConstants.TargetHeader] = target;

        var parameters = new AWSSigV4Parameters
        {
            Credentials = credentials,
            Region = region,
            Service = SecretsManagerConstants.ServiceName,
            SignPayload = true,
            SignedAt = signedAt.UtcDateTime,
        };
        var signed = await AWSSigV4Signer.SignAsync(signingRequest, parameters, cancellationToken).ConfigureAwait(false);

        // ByteArrayContent, not StringContent: StringContent would add "; charset=utf-8" to the signed Content-Type.
        var content = new ByteArrayContent(body);
        content.Headers.ContentType = RequestContentType;
        var request = new HttpRequestMessage(HttpMethod.Post, endpoint)
        {
            Content = content,
            Version = HttpVersion.Version11,
        };
        request.Headers.TryAddWithoutValidation(SecretsManagerConstants.TargetHeader, target);
        foreach (var (name, value) in signed.Headers)
        {
            request.Headers.TryAddWithoutValidation(name, value);
        }

        return request;
    }

    /// <summary>Writes <c>{"SecretId":…,"VersionStage":…}</c>.</summary>
    internal static byte[] CreateRequestBody(string secretId, string versionStage)
    {
        var buffer = new ArrayBufferWriter<byte>(128);
        using (var writer = new Utf8JsonWriter(buffer))
        {
            writer.WriteStartObject();
            writer.WriteString("SecretId", secretId);
            writer.WriteString("VersionStage", versionStage);
            writer.WriteEndObject();
        }

        return buffer.WrittenSpan.ToArray();
    }

    private static bool IsRetryable(string errorType, int statusCode) => errorType switch
    {
        "ResourceNotFoundException" or "AccessDeniedException" or "DecryptionFailure"
            or "InvalidRequestException" or "InvalidParameterException" => false,
        "ThrottlingException" or "TooManyRequestsException" or "InternalServiceError" => true,
        _ => statusCode == 429 || statusCode >= 500,
    };

    /// <summary>Reads the response body; <see langword="null"/> when it is larger than <see cref="SecretsManagerConstants.MaxResponseBytes"/>.</summary>
    private static async Task<byte[]?> ReadBodyAsync(HttpContent content, CancellationToken cancellationToken)
    {
        if (content.Headers.ContentLength > SecretsManagerConstants.MaxResponseBytes)
        {
            return null;
        }

        var stream = await content.ReadAsStreamAsync(cancellationToken).ConfigureAwait(false);
        await using (stream.ConfigureAwait(false))
        {
            using var buffer = new MemoryStream();
            var chunk = ArrayPool<byte>.Shared.Rent(16 * 1024);
            try
            {
                int read;
                while ((read = await stream.ReadAsync(chunk, cancellationToken).ConfigureAwait(false)) > 0)
                {
                    if (buffer.Length + read > SecretsManagerConstants.MaxResponseBytes)
                    {
                        return null;
                    }

                    buffer.Write(chunk, 0, read);
                }
            }
            finally
            {
                ArrayPool<byte>.Shared.Return(chunk, clearArray: true);
            }

            return buffer.ToArray();
        }
    }

    private async Task<(SecretValue? Value, SecretsManagerException? Error)> SendOnceAsync(
        HttpClient httpClient,
        Uri endpoint,
        RegionEndpoint region,
        AWSCredentials credentials,
        byte[] body,
        CancellationToken cancellationToken)
    {
        using var timeout = new CancellationTokenSource(_options.AttemptTimeout, _timeProvider);
        using var linked = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken, timeout.Token);
        try
        {
            using var request = await CreateSignedRequestAsync(
                endpoint, SecretsManagerConstants.GetSecretValueTarget, body, credentials, region, _timeProvider.GetUtcNow(), linked.Token).ConfigureAwait(false);
            using var response = await httpClient.SendAsync(request, HttpCompletionOption.ResponseHeadersRead, linked.Token).ConfigureAwait(false);
            var status = (int)response.StatusCode;

            if (status is >= 300 and < 400 || response.RequestMessage?.RequestUri is { } answeredFrom && answeredFrom != endpoint)
            {
                return (null, new SecretsManagerException("Redirect", $"Secrets Manager answered with a redirect (HTTP {status}); redirects are not followed.", status, isRetryable: false));
            }

            if (await ReadBodyAsync(response.Content, linked.Token).ConfigureAwait(false) is not { } responseBody)
            {
                return (null, new SecretsManagerException("ResponseTooLarge", $"The Secrets Manager response is larger than {SecretsManagerConstants.MaxResponseBytes} bytes.", status, isRetryable: false));
            }

            if (response.StatusCode == HttpStatusCode.OK)
            {
                return SecretsManagerResponseReader.TryReadSecretValue(responseBody, out var value, out var error)
                    ? (value, null)
                    : (null, new SecretsManagerException("InvalidResponse", error, status, isRetryable: false));
            }

            var errorTypeHeader = response.Headers.TryGetValues(SecretsManagerConstants.ErrorTypeHeader, out var values) ? values.FirstOrDefault() : null;
            var (errorType, message) = SecretsManagerResponseReader.ReadError(responseBody, errorTypeHeader, status);
            return (null, new SecretsManagerException(errorType, message, status, IsRetryable(errorType, status)));
        }
        catch (OperationCanceledException ex) when (!cancellationToken.IsCancellationRequested)
        {
            return (null, new SecretsManagerException("Timeout", $"No answer from Secrets Manager within {_options.AttemptTimeout} ({SecretsManagerOptionsValidator.Section}{nameof(SecretsManagerOptions.AttemptTimeout)}; raise it if Secrets Manager is this slow from here).", 0, isRetryable: true, ex));
        }
        catch (HttpRequestException ex)
        {
            return (null, new SecretsManagerException("ConnectionFailure", $"Secrets Manager could not be reached ({ex.HttpRequestError}).", 0, isRetryable: true, ex));
        }
        catch (Exception ex) when (ex is AmazonClientException or AmazonServiceException)
        {
            // Refreshing credentials (instance metadata, STS, SSO) failed while signing.
            return (null, new SecretsManagerException("CredentialsNotFound", "The AWS credentials could not be obtained for signing.", 0, isRetryable: false, ex));
        }
    }

    private Target ResolveTarget()
    {
        if (Volatile.Read(ref _target) is { } resolved)
        {
            return resolved;
        }

        if (!SecretsManagerEndpoint.TryResolve(_options, _getEnvironmentVariable, SecretsManagerEndpoint.FallbackRegion, out var endpoint, out var region, out var error))
        {
            throw new SecretsManagerException("EndpointNotResolved", error, 0, isRetryable: false);
        }

        // A reference, published whole; concurrent first calls resolve the same value.
        return _target = new Target(endpoint, region);
    }

    private async Task<AWSCredentials> ResolveCredentialsAsync(CancellationToken cancellationToken)
    {
        if (_credentials is not null)
        {
            return _credentials;
        }

        DefaultAWSCredentialsIdentityResolver resolver;
        lock (_credentialsResolverLock)
        {
            resolver = _credentialsResolver ??= new DefaultAWSCredentialsIdentityResolver();
        }

        try
        {
            // No IClientConfig: the chain then uses its defaults (environment, profile, web identity, container, instance).
            return await resolver.ResolveIdentityAsync(null!, cancellationToken).ConfigureAwait(false);
        }
        catch (Exception ex) when (ex is AmazonClientException or AmazonServiceException)
        {
            throw new SecretsManagerException("CredentialsNotFound", "No AWS credentials were found by the default credential chain.", 0, isRetryable: false, ex);
        }
    }

    private sealed record Target(Uri Endpoint, RegionEndpoint Region);
}
