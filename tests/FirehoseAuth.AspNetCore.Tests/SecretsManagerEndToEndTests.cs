using FirehoseAuth.AspNetCore.Tests.Infrastructure;
using FirehoseAuth.Secrets;
using FirehoseAuth.Tests.Secrets.Fakes;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;

namespace FirehoseAuth.AspNetCore.Tests;

/// <summary>
/// The whole Secrets Manager path over real HTTP: Firehose-like deliveries → the endpoint → the cached key set → the
/// signed client → the fake Secrets Manager (which verifies every signature), on one simulated clock.
/// </summary>
public sealed class SecretsManagerEndToEndTests
{
    private const string SecretId = "firehose-endpoint-key";
    private static readonly DateTimeOffset Start = new(2030, 3, 1, 12, 0, 0, TimeSpan.Zero);

    private static string Secret(string key) => $"{{\"api_key\":\"{key}\"}}";

    private static Task<FirehoseTestServer> StartReceiverAsync(FakeSecretsManager fake, FakeTimeProvider time, TimeSpan? startupWait = null)
        => FirehoseTestServer.StartAsync(
            o =>
            {
                o.SecretsManager.SecretId = SecretId;
                o.SecretsManager.ServiceUrl = fake.Endpoint;
                o.SecretsManager.Region = fake.Region;
                o.SecretsManager.StartupWaitTimeout = startupWait ?? TimeSpan.FromSeconds(10);

                // The simulated clock jumps while a real HTTP call is in flight; a per-attempt timeout on that clock
                // would cancel calls that took milliseconds. Backoff and refresh cadence still run on it.
                o.SecretsManager.AttemptTimeout = TimeSpan.FromHours(1);
            },
            services: services =>
            {
                services.AddSingleton<TimeProvider>(time);
                services.AddSecretsManagerClient(time, AwsTestCredentials.Default);
            });

    /// <summary>Sends one delivery with Firehose's headers and returns the status.</summary>
    private static async Task<int> DeliverAsync(FirehoseTestServer server, FakeTimeProvider time, string key)
    {
        var requestId = Deliveries.NewRequestId();
        var response = await server.SendAsync(Deliveries.Request(requestId, Deliveries.Body(requestId, Deliveries.Utf8($"{{\"at\":\"{time.GetUtcNow():O}\"}}")), key: key));
        Assert.Equal(requestId, response.RequestId);
        return response.StatusCode;
    }

    private static SecretsManagerKeySetProvider KeySource(FirehoseTestServer server)
        => server.Services.GetRequiredService<SecretsManagerKeySetProvider>();

    [Fact]
    public async Task Rotation_while_deliveries_flow_rejects_no_legitimate_delivery()
    {
        var time = new FakeTimeProvider(Start);
        await using var fake = await FakeSecretsManager.StartAsync(time);
        fake.PutSecretValue(SecretId, Secret("key-before-rotation"));
        await using var server = await StartReceiverAsync(fake, time);

        // Firehose caches the secret and re-reads it every 10 minutes.
        var firehoseKey = "key-before-rotation";
        var firehoseReadAt = time.GetUtcNow();
        var answers = new List<int>();
        string? newVersion = null;
        for (var step = 0; step < 120; step++) // 30 simulated minutes, a delivery every 15 s.
        {
            if (step == 12)
            {
                newVersion = fake.PutSecretValue(SecretId, Secret("key-after-rotation")).VersionId; // Rotated at minute 3.
            }

            if (time.GetUtcNow() - firehoseReadAt >= TimeSpan.FromMinutes(10))
            {
                // Before Firehose switches (minute 10), the receiver's own refresh (every 5 min ± 10%) has seen the rotation.
                await Eventually.TrueAsync(() => KeySource(server).Current?.Version == newVersion, "the receiver refreshed its key set");
                firehoseKey = "key-after-rotation";
                firehoseReadAt = time.GetUtcNow();
            }

            answers.Add(await DeliverAsync(server, time, firehoseKey));
            time.Advance(TimeSpan.FromSeconds(15));
        }

        Assert.Equal("key-after-rotation", firehoseKey);
        Assert.All(answers, status => Assert.Equal(200, status));
        Assert.Equal(120, answers.Count);
        Assert.True(fake.GetSecretValueCalls() > 2, "the key set was refreshed in the background");
    }

    [Fact]
    public async Task Firehose_switching_keys_first_is_accepted_on_its_retry_after_an_early_refresh()
    {
        var time = new FakeTimeProvider(Start);
        await using var fake = await FakeSecretsManager.StartAsync(time);
        fake.PutSecretValue(SecretId, Secret("key-before-rotation"));
        await using var server = await StartReceiverAsync(fake, time);
        Assert.Equal(200, await DeliverAsync(server, time, "key-before-rotation"));
        time.Advance(TimeSpan.FromMinutes(1));
        var callsBefore = fake.GetSecretValueCalls();

        // Rotated, and Firehose reads the new key at once, long before the receiver's next scheduled refresh.
        var newVersion = fake.PutSecretValue(SecretId, Secret("key-after-rotation")).VersionId;
        var first = await DeliverAsync(server, time, "key-after-rotation");

        // Refused (Firehose retries a 401), but the unknown key triggered an early refresh without waiting for the schedule.
        Assert.Equal(401, first);
        await Eventually.TrueAsync(() => KeySource(server).Current?.Version == newVersion, "the early refresh published the new key");
        Assert.True(fake.GetSecretValueCalls() > callsBefore);
        time.Advance(TimeSpan.FromSeconds(10)); // Firehose's retry backoff.
        Assert.Equal(200, await DeliverAsync(server, time, "key-after-rotation"));

        // The old key still works inside the rotation window, for deliveries Firehose still sends with it.
        Assert.Equal(200, await DeliverAsync(server, time, "key-before-rotation"));
        time.Advance(TimeSpan.FromMinutes(15));
        Assert.Equal(401, await DeliverAsync(server, time, "key-before-rotation"));
    }

    [Fact]
    public async Task Deliveries_are_answered_503_until_Secrets_Manager_is_first_reached()
    {
        var time = new FakeTimeProvider(Start);
        await using var fake = await FakeSecretsManager.StartAsync(time);
        fake.PutSecretValue(SecretId, Secret("the-only-key"));
        fake.InjectError(500, "InternalServiceError", "down");
        await using var server = await StartReceiverAsync(fake, time, startupWait: TimeSpan.Zero);

        Assert.Equal(503, await DeliverAsync(server, time, "the-only-key"));

        fake.ClearFaults();
        await Eventually.TrueAsync(
            () =>
            {
                time.Advance(TimeSpan.FromSeconds(5));
                return KeySource(server).Current is not null;
            },
            "the key set loaded once Secrets Manager answered");

        Assert.Equal(200, await DeliverAsync(server, time, "the-only-key"));
    }
}
