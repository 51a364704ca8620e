using FirehoseAuth.Secrets;
using FirehoseAuth.Tests.Secrets.Fakes;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;

namespace FirehoseAuth.Tests.Secrets;

/// <summary>
/// The public constructor: credentials from the SDK's default chain (environment variables, with a session token) and
/// the endpoint from <c>AWS_ENDPOINT_URL_SECRETS_MANAGER</c> / <c>AWS_ENDPOINT_URL</c>.
/// </summary>
[Collection(ProcessEnvironmentCollection.Name)]
public sealed class EnvironmentCredentialsTests
{
    private const string Id = "firehose-integration";
    private static readonly AwsTestCredentials EnvironmentCredentials = new("AKIDFROMENVIRONMENT", "environment/secret+key=", "session-token-from-environment+/==");

    [Fact]
    public async Task Credentials_with_a_session_token_come_from_environment_variables()
    {
        var time = new TrackingTimeProvider();
        await using var fake = await FakeSecretsManager.StartAsync(time, "eu-west-1", EnvironmentCredentials);
        fake.PutSecretValue(Id, """{"api_key":"k"}""");
        using var env = Environment(fake.Endpoint.ToString(), EnvironmentCredentials);

        var value = await GetAsync(time, serviceUrl: null);

        Assert.NotNull(value);
        var call = Assert.Single(fake.Calls);
        Assert.Equal(200, call.StatusCode);
        Assert.Equal(EnvironmentCredentials.SessionToken, call.SecurityToken);
    }

    [Fact]
    public async Task A_session_token_the_service_does_not_know_is_rejected()
    {
        var time = new TrackingTimeProvider();
        await using var fake = await FakeSecretsManager.StartAsync(time, "eu-west-1", EnvironmentCredentials);
        fake.PutSecretValue(Id, """{"api_key":"k"}""");
        using var env = Environment(fake.Endpoint.ToString(), EnvironmentCredentials with { SessionToken = "stale-token" });

        var ex = await Assert.ThrowsAsync<SecretsManagerException>(() => GetAsync(time, serviceUrl: null));

        Assert.Equal("UnrecognizedClientException", ex.ErrorType);
        Assert.Equal("stale-token", Assert.Single(fake.Calls).SecurityToken);
    }

    [Fact]
    public async Task The_global_endpoint_variable_is_used_when_the_service_one_is_absent()
    {
        var time = new TrackingTimeProvider();
        await using var fake = await FakeSecretsManager.StartAsync(time, "eu-west-1", EnvironmentCredentials);
        fake.PutSecretValue(Id, """{"api_key":"k"}""");
        using var env = Environment(serviceEndpoint: null, EnvironmentCredentials, globalEndpoint: fake.Endpoint.ToString());

        Assert.NotNull(await GetAsync(time, serviceUrl: null));
        Assert.Single(fake.Calls);
    }

    [Fact]
    public async Task A_configured_service_url_wins_over_the_endpoint_variables()
    {
        var time = new TrackingTimeProvider();
        await using var fake = await FakeSecretsManager.StartAsync(time, "eu-west-1", EnvironmentCredentials);
        fake.PutSecretValue(Id, """{"api_key":"k"}""");
        using var env = Environment("http://127.0.0.1:1/", EnvironmentCredentials, globalEndpoint: "http://127.0.0.1:2/");

        Assert.NotNull(await GetAsync(time, serviceUrl: fake.Endpoint));
        Assert.Single(fake.Calls);
    }

    private static EnvironmentScope Environment(string? serviceEndpoint, AwsTestCredentials credentials, string? globalEndpoint = null) => new(
        ("AWS_ACCESS_KEY_ID", credentials.AccessKeyId),
        ("AWS_SECRET_ACCESS_KEY", credentials.SecretAccessKey),
        ("AWS_SESSION_TOKEN", credentials.SessionToken),
        ("AWS_PROFILE", null),
        ("AWS_ENDPOINT_URL_SECRETS_MANAGER", serviceEndpoint),
        ("AWS_ENDPOINT_URL", globalEndpoint),
        ("AWS_IGNORE_CONFIGURED_ENDPOINT_URLS", null));

    private static async Task<SecretValue?> GetAsync(TimeProvider time, Uri? serviceUrl)
    {
        var options = new FirehoseAuthOptions();
        options.SecretsManager.SecretId = Id;
        options.SecretsManager.Region = "eu-west-1";
        options.SecretsManager.ServiceUrl = serviceUrl;
        options.SecretsManager.MaxAttempts = 1;
        using var factory = new FakeHttpClientFactory();
        using var client = new SecretsManagerClient(factory, Options.Create(options), time, NullLogger<SecretsManagerClient>.Instance);
        return await client.GetSecretValueAsync(Id, "AWSCURRENT", CancellationToken.None);
    }
}
