using FirehoseAuth.Authentication;
using FirehoseAuth.Secrets;
using FirehoseAuth.Tests.Secrets.Fakes;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Testing;
using Microsoft.Extensions.Time.Testing;

namespace FirehoseAuth.Tests.DependencyInjection;

public sealed class FirehoseAuthKeySetHostedServiceTests
{
    private const string Key = "hosted-test-key-5d1e0b";
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(30);

    private static IHost BuildHost(Action<FirehoseAuthOptions> configure, FakeTimeProvider? time = null, ISecretValueSource? source = null)
    {
        var builder = Host.CreateApplicationBuilder();
        builder.Logging.ClearProviders().SetMinimumLevel(LogLevel.Trace).AddFakeLogging();
        if (time is not null)
        {
            builder.Services.AddSingleton<TimeProvider>(time);
        }

        if (source is not null)
        {
            builder.Services.AddSingleton(source);
        }

        builder.Services.AddFirehoseAuth(configure);
        builder.Services.AddHealthChecks().AddFirehoseAuthKeys();
        return builder.Build();
    }

    private static IReadOnlyList<FakeLogRecord> Logs(IHost host) => host.Services.GetFakeLogCollector().GetSnapshot();

    [Fact]
    public async Task Static_keys_start_and_no_log_line_contains_the_key()
    {
        using var host = BuildHost(o => o.AccessKey = Key);

        await host.StartAsync();
        await host.StopAsync();

        Assert.Contains(Logs(host), r => r.Message.Contains("static configuration", StringComparison.Ordinal));
        Assert.All(Logs(host), r => Assert.DoesNotContain(Key, r.Message, StringComparison.Ordinal));
    }

    [Fact]
    public async Task A_lowered_limit_is_warned_about_at_start()
    {
        using var host = BuildHost(o =>
        {
            o.AccessKey = Key;
            o.Limits.MaxBodySize = 1024;
        });

        await host.StartAsync();
        await host.StopAsync();

        var warning = Assert.Single(Logs(host), r => r.Level == LogLevel.Warning);
        Assert.Contains("MaxBodySize", warning.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Start_waits_for_the_first_key_set_then_serves_it()
    {
        var time = new FakeTimeProvider(new DateTimeOffset(2030, 1, 1, 0, 5, 0, TimeSpan.Zero));
        var source = new GatedSecretValueSource(Key, open: false);
        using var host = BuildHost(o => o.SecretsManager.SecretId = "my-secret", time, source);

        var start = host.StartAsync();
        await Eventually.TrueAsync(() => source.Calls > 0, "the first key set request");
        Assert.False(start.IsCompleted);
        source.Open();
        await start.WaitAsync(Patience);

        var validator = host.Services.GetRequiredService<AccessKeyValidator>();
        Assert.Equal(AccessKeyValidationResult.ValidCurrent, validator.Validate(Key));
        Assert.Contains(Logs(host), r => r.Message.Contains("loaded its first key set", StringComparison.Ordinal));
        Assert.All(Logs(host), r => Assert.DoesNotContain(Key, r.Message, StringComparison.Ordinal));
        await host.StopAsync();
    }

    [Fact]
    public async Task Start_gives_up_waiting_after_the_timeout_warns_and_answers_unavailable()
    {
        var time = new FakeTimeProvider(new DateTimeOffset(2030, 1, 1, 0, 5, 0, TimeSpan.Zero));
        var source = new GatedSecretValueSource(Key, open: false);
        using var host = BuildHost(
            o =>
            {
                o.SecretsManager.SecretId = "my-secret";
                o.SecretsManager.StartupWaitTimeout = TimeSpan.FromSeconds(10);
            },
            time,
            source);

        var start = host.StartAsync();
        await Eventually.TrueAsync(
            () =>
            {
                time.Advance(TimeSpan.FromSeconds(1));
                return start.IsCompleted;
            },
            "the start-up wait to give up");
        await start;

        Assert.Contains(Logs(host), r => r.Level == LogLevel.Warning && r.Message.Contains("starting anyway", StringComparison.Ordinal));
        Assert.Equal(AccessKeyValidationResult.Unavailable, host.Services.GetRequiredService<AccessKeyValidator>().Validate(Key));
        var health = await host.Services.GetRequiredService<HealthCheckService>().CheckHealthAsync();
        Assert.Equal(HealthStatus.Unhealthy, health.Status);
        await host.StopAsync();
    }

    [Fact]
    public async Task A_zero_startup_wait_does_not_wait_for_keys()
    {
        var time = new FakeTimeProvider(new DateTimeOffset(2030, 1, 1, 0, 5, 0, TimeSpan.Zero));
        var source = new GatedSecretValueSource(Key, open: false);
        using var host = BuildHost(
            o =>
            {
                o.SecretsManager.SecretId = "my-secret";
                o.SecretsManager.StartupWaitTimeout = TimeSpan.Zero;
            },
            time,
            source);

        await host.StartAsync().WaitAsync(Patience);

        Assert.Equal(AccessKeyValidationResult.Unavailable, host.Services.GetRequiredService<AccessKeyValidator>().Validate(Key));
        await Eventually.TrueAsync(() => source.Calls > 0, "the background refresh to start");
        await host.StopAsync();
    }

    [Fact]
    public async Task Streams_naming_one_secret_with_different_refresh_settings_are_warned_about_by_name_and_setting()
    {
        var builder = Host.CreateApplicationBuilder();
        builder.Logging.ClearProviders().SetMinimumLevel(LogLevel.Trace).AddFakeLogging();
        builder.Services.AddSingleton<ISecretValueSource>(new GatedSecretValueSource(Key, open: true));
        builder.Services
            .AddFirehoseAuth(o => o.SecretsManager.SecretId = "shared-secret")
            .AddFirehoseAuth("same-settings", o => o.SecretsManager.SecretId = "shared-secret")
            .AddFirehoseAuth("slower", o =>
            {
                o.SecretsManager.SecretId = "shared-secret";
                o.SecretsManager.RefreshInterval = TimeSpan.FromMinutes(30);
            })
            .AddFirehoseAuth("other-secret", o =>
            {
                o.SecretsManager.SecretId = "other-secret";
                o.SecretsManager.RefreshInterval = TimeSpan.FromMinutes(30);
            });
        using var host = builder.Build();

        await host.StartAsync().WaitAsync(Patience);
        await host.StopAsync();

        var warning = Assert.Single(Logs(host), r => r.Id.Name == "SecretSplitBySettings");
        Assert.Equal(LogLevel.Warning, warning.Level);
        Assert.Equal(
            "FirehoseAuth streams default and slower name the same secret shared-secret but differ in SecretsManager:RefreshInterval: " +
            "each gets its own Secrets Manager key source (its own refresh loop and Secrets Manager calls). Make those settings equal for them to share one.",
            warning.Message);
        Assert.All(Logs(host), r => Assert.DoesNotContain(Key, r.Message, StringComparison.Ordinal));
    }
}
