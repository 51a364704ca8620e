using System.Net;
using FirehoseAuth.AspNetCore.Tests.Infrastructure;
using FirehoseAuth.Tests.Secrets.Fakes;

namespace FirehoseAuth.AspNetCore.Tests;

/// <summary>
/// The FirehoseReceiver process reading its key from the fake Secrets Manager (signed calls, the AWS environment
/// variables a user sets): the path that reflection-free JSON and SigV4 must keep working in the Native AOT build.
/// </summary>
public sealed class ReceiverProcessSecretsManagerTests
{
    [Fact]
    public async Task The_receiver_accepts_the_key_from_the_secret_and_rejects_the_demo_key()
    {
        await using var fake = await FakeSecretsManager.StartAsync(TimeProvider.System);
        fake.PutSecretValue("receiver-key", "{\"api_key\":\"key-from-secrets-manager\"}");
        await using var receiver = await ReceiverProcess.StartAsync(new Dictionary<string, string>
        {
            ["FirehoseAuth__SecretsManager__SecretId"] = "receiver-key",
            ["FirehoseAuth__SecretsManager__ServiceUrl"] = fake.Endpoint.ToString(),
            ["FirehoseAuth__SecretsManager__Region"] = fake.Region,
            ["AWS_ACCESS_KEY_ID"] = AwsTestCredentials.Default.AccessKeyId,
            ["AWS_SECRET_ACCESS_KEY"] = AwsTestCredentials.Default.SecretAccessKey,
            ["AWS_SESSION_TOKEN"] = "",
            ["AWS_PROFILE"] = "",
            ["AWS_EC2_METADATA_DISABLED"] = "true",
        });
        using var client = new HttpClient { BaseAddress = receiver.BaseAddress };
        var first = Deliveries.NewRequestId();
        var second = Deliveries.NewRequestId();

        using var fromSecret = await client.SendAsync(Deliveries.Request(first, Deliveries.Body(first, "from the secret"u8.ToArray()), key: "key-from-secrets-manager"));
        using var demo = await client.SendAsync(Deliveries.Request(second, Deliveries.Body(second, [1]), key: "demo-access-key-DO-NOT-USE-IN-PRODUCTION"));

        Assert.True(fromSecret.StatusCode == HttpStatusCode.OK, $"{fromSecret.StatusCode}: {receiver.StandardError}");
        Assert.Equal(HttpStatusCode.Unauthorized, demo.StatusCode);
        Assert.Contains("\"data\":\"from the secret\"", (await receiver.ReadLinesAsync(1))[0], StringComparison.Ordinal);
        Assert.NotEmpty(fake.Calls);
    }
}
