using FirehoseAuth.AspNetCore.Tests.Infrastructure;
using FirehoseAuth.Tests.Secrets.Fakes;
using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;

namespace FirehoseAuth.AspNetCore.Tests;

/// <summary>
/// Three streams on two Secrets Manager secrets, over real HTTP to the fake (which verifies every SigV4 signature):
/// the two streams that name one secret share one refresh loop and key set; the other has its own.
/// </summary>
public sealed class SecretsManagerStreamsTests
{
    private static readonly DateTimeOffset Start = new(2030, 3, 1, 12, 0, 0, TimeSpan.Zero);

    [Fact]
    public async Task Streams_naming_one_secret_share_its_refresh_loop_and_keys_never_cross_secrets()
    {
        var time = new FakeTimeProvider(Start);
        await using var fake = await FakeSecretsManager.StartAsync(time);
        fake.PutSecretValue("app-logs-key", "{\"api_key\":\"key-of-app-logs\"}");
        fake.PutSecretValue("metrics-key", "{\"api_key\":\"key-of-metrics\"}");
        void Secret(FirehoseAuthOptions o, string secretId)
        {
            o.SecretsManager.SecretId = secretId;
            o.SecretsManager.ServiceUrl = fake.Endpoint;
            o.SecretsManager.Region = fake.Region;
            o.SecretsManager.AttemptTimeout = TimeSpan.FromHours(1); // the simulated clock jumps during real calls
        }

        await using var app = await StreamsApp.StartAsync(
            s =>
            {
                s.AddSingleton<TimeProvider>(time).AddSecretsManagerClient(time, AwsTestCredentials.Default);
                s.AddFirehoseAuth(o => Secret(o, "app-logs-key"));
                s.AddFirehoseAuth("audit", o => Secret(o, "app-logs-key"));
                s.AddFirehoseAuth("metrics", o => Secret(o, "metrics-key"));
            },
            web =>
            {
                web.MapFirehoseEndpoint("/firehose", static (_, _) => ValueTask.CompletedTask);
                web.MapFirehoseEndpoint("/firehose/audit", "audit", static (_, _) => ValueTask.CompletedTask);
                web.MapFirehoseEndpoint("/firehose/metrics", "metrics", static (_, _) => ValueTask.CompletedTask);
            });

        // Host start loaded both secrets once each (AWSCURRENT + AWSPREVIOUS), not once per stream.
        Assert.Equal(2, Calls(fake, "app-logs-key"));
        Assert.Equal(2, Calls(fake, "metrics-key"));

        Assert.Equal(200, await app.DeliverAsync("/firehose", "key-of-app-logs"));
        Assert.Equal(200, await app.DeliverAsync("/firehose/audit", "key-of-app-logs"));
        Assert.Equal(200, await app.DeliverAsync("/firehose/metrics", "key-of-metrics"));
        Assert.Equal(401, await app.DeliverAsync("/firehose/metrics", "key-of-app-logs"));
        Assert.Equal(401, await app.DeliverAsync("/firehose", "key-of-metrics"));
        Assert.Equal(401, await app.DeliverAsync("/firehose/audit", "key-of-metrics"));

        // The unknown keys above triggered one early refresh per key source (rate-limited), not per stream. Let them
        // finish before the simulated clock moves: a clock jump while a call is being set up is not what real time does.
        await Eventually.TrueAsync(() => fake.InFlight == 0 && Providers(app).All(p => !p.IsRefreshing), "the early refreshes finished");
        Assert.Equal(2, Providers(app).Count);
        Assert.Equal(4, Calls(fake, "app-logs-key"));
        Assert.Equal(4, Calls(fake, "metrics-key"));

        // Then one periodic refresh per secret (every 5 min ± 10%), not one per stream.
        for (var elapsed = TimeSpan.Zero; elapsed < TimeSpan.FromMinutes(5.6); elapsed += TimeSpan.FromSeconds(15))
        {
            time.Advance(TimeSpan.FromSeconds(15));
            await Eventually.TrueAsync(() => fake.InFlight == 0 && Providers(app).All(p => !p.IsRefreshing), "no refresh in flight");
        }

        Assert.Equal(6, Calls(fake, "app-logs-key"));
        Assert.Equal(6, Calls(fake, "metrics-key"));
    }

    private static IReadOnlyCollection<FirehoseAuth.Secrets.SecretsManagerKeySetProvider> Providers(StreamsApp app)
        => app.Services.GetRequiredService<FirehoseAuth.DependencyInjection.FirehoseStreams>().SecretsManagerProviders;

    private static int Calls(FakeSecretsManager fake, string secretId)
        => fake.Calls.Count(c => c.IsGetSecretValue && c.SecretId == secretId);
}
