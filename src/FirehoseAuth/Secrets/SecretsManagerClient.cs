using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace FirehoseAuth.Secrets;

/// <summary>
/// Calls Secrets Manager's <c>GetSecretValue</c> (JSON 1.1) over <see cref="HttpClient"/>, signed with SigV4.
/// </summary>
internal sealed class SecretsManagerClient : ISecretValueSource
{
    // STUB: the Secrets implementation replaces this type's body.

    /// <summary>The name of the <see cref="HttpClient"/> obtained from <see cref="IHttpClientFactory"/>.</summary>
    public const string HttpClientName = "FirehoseAuth.SecretsManager";

    public SecretsManagerClient(IHttpClientFactory httpClientFactory, IOptions<FirehoseAuthOptions> options, TimeProvider timeProvider, ILogger<SecretsManagerClient> logger)
    {
        _ = (httpClientFactory, options, timeProvider, logger);
    }

    public Task<SecretValue?> GetSecretValueAsync(string secretId, string versionStage, CancellationToken cancellationToken)
        => throw new NotImplementedException();
}
