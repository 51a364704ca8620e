using FirehoseAuth.Authentication;
using FirehoseAuth.Diagnostics;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Time.Testing;

namespace FirehoseAuth.Tests.Diagnostics;

/// <summary>The health check logs a change of state once, not every poll (a load balancer polls every few seconds).</summary>
public sealed class FirehoseAuthStreamsHealthCheckTests
{
    private sealed class LoadableKeys : IAccessKeySetProvider
    {
        public AccessKeySet? Current { get; set; }

        public void OnUnknownKey()
        {
        }
    }

    [Fact]
    public async Task Polling_unloaded_keys_logs_one_warning_and_loading_them_logs_one_information_line()
    {
        var keys = new LoadableKeys();
        await using var provider = new ServiceCollection()
            .AddFakeLogging()
            .AddSingleton<TimeProvider>(new FakeTimeProvider(new DateTimeOffset(2030, 1, 1, 12, 0, 0, TimeSpan.Zero)))
            .AddSingleton<IAccessKeySetProvider>(keys)
            .AddFirehoseAuth(_ => { })
            .AddHealthChecks().AddFirehoseAuthKeys().Services
            .BuildServiceProvider();
        var health = provider.GetRequiredService<HealthCheckService>();

        for (var poll = 0; poll < 20; poll++)
        {
            Assert.Equal(HealthStatus.Unhealthy, (await health.CheckHealthAsync()).Status);
        }

        keys.Current = new AccessKeySet("loaded-after-20-polls");
        for (var poll = 0; poll < 20; poll++)
        {
            Assert.Equal(HealthStatus.Healthy, (await health.CheckHealthAsync()).Status);
        }

        var lines = provider.GetFakeLogCollector().GetSnapshot()
            .Where(r => r.Category == typeof(FirehoseAuthStreamsHealthCheck).FullName)
            .ToList();
        Assert.Equal([LogLevel.Warning, LogLevel.Information], lines.Select(l => l.Level));
        Assert.Contains("from (first check) to Unhealthy", lines[0].Message, StringComparison.Ordinal);
        Assert.Contains("from Unhealthy to Healthy", lines[1].Message, StringComparison.Ordinal);
        Assert.All(lines, l => Assert.DoesNotContain("loaded-after-20-polls", l.Message, StringComparison.Ordinal));
    }
}
