using FirehoseAuth.Authentication;
using FirehoseAuth.Diagnostics;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using Microsoft.Extensions.Options;
using Microsoft.Extensions.Time.Testing;

namespace FirehoseAuth.Tests.Diagnostics;

public sealed class FirehoseAuthKeysHealthCheckTests
{
    private static readonly DateTimeOffset Now = new(2030, 1, 1, 12, 0, 0, TimeSpan.Zero);
    private static readonly TimeSpan StaleAfter = TimeSpan.FromMinutes(15);

    private sealed class StatusProvider(KeySetStatus status) : IAccessKeySetProvider, IKeySetStatusSource
    {
        public AccessKeySet? Current { get; } = status.IsLoaded ? new AccessKeySet("health-key") : null;

        public void OnUnknownKey()
        {
        }

        public KeySetStatus GetStatus() => status;
    }

    private static HealthCheckResult Check(IAccessKeySetProvider provider)
        => new FirehoseAuthKeysHealthCheck(provider, new FakeTimeProvider(Now)).Evaluate(HealthStatus.Unhealthy);

    [Fact]
    public void Loaded_and_fresh_is_healthy()
    {
        var result = Check(new StatusProvider(new KeySetStatus(true, Now.AddMinutes(-4), null, null, 0, StaleAfter)));

        Assert.Equal(HealthStatus.Healthy, result.Status);
        Assert.Equal(240d, (double)result.Data["ageSeconds"]);
    }

    [Fact]
    public void Loaded_but_the_last_refresh_failed_is_degraded()
    {
        var message = "AccessDeniedException: User: arn:aws:sts::123456789012:assumed-role/receiver/i-0 is not authorized to perform: secretsmanager:GetSecretValue";
        var result = Check(new StatusProvider(new KeySetStatus(true, Now.AddMinutes(-6), Now.AddMinutes(-1), message, 2, StaleAfter)));

        Assert.Equal(HealthStatus.Degraded, result.Status);
        Assert.Equal(2, result.Data["consecutiveFailures"]);
        Assert.Equal("AccessDeniedException", result.Data["lastErrorType"]);
        Assert.DoesNotContain(result.Data.Values, value => value.ToString()!.Contains("123456789012", StringComparison.Ordinal));
        Assert.DoesNotContain("123456789012", result.Description, StringComparison.Ordinal);
    }

    [Fact]
    public void Loaded_but_older_than_StaleAfter_is_degraded()
    {
        var result = Check(new StatusProvider(new KeySetStatus(true, Now - StaleAfter - TimeSpan.FromSeconds(1), null, null, 0, StaleAfter)));

        Assert.Equal(HealthStatus.Degraded, result.Status);
    }

    [Fact]
    public void Exactly_StaleAfter_old_is_still_healthy()
    {
        var result = Check(new StatusProvider(new KeySetStatus(true, Now - StaleAfter, null, null, 0, StaleAfter)));

        Assert.Equal(HealthStatus.Healthy, result.Status);
    }

    [Fact]
    public void Never_loaded_is_unhealthy()
    {
        var result = Check(new StatusProvider(new KeySetStatus(false, null, Now, "AccessDeniedException: no", 3, StaleAfter)));

        Assert.Equal(HealthStatus.Unhealthy, result.Status);
    }

    [Fact]
    public void Never_loaded_reports_the_registration_failure_status()
    {
        var check = new FirehoseAuthKeysHealthCheck(new StatusProvider(new KeySetStatus(false, null, null, null, 0, StaleAfter)), new FakeTimeProvider(Now));

        Assert.Equal(HealthStatus.Degraded, check.Evaluate(HealthStatus.Degraded).Status);
    }

    [Fact]
    public void Static_keys_are_healthy_and_a_provider_without_keys_is_not()
    {
        Assert.Equal(HealthStatus.Healthy, Check(new StaticAccessKeySetProvider(new AccessKeySet("static-health-key"))).Status);
        Assert.Equal(HealthStatus.Unhealthy, Check(new StaticAccessKeySetProvider(null)).Status);
    }

    [Fact]
    public void The_result_never_contains_a_key()
    {
        const string key = "static-health-key-4c2e";
        var result = Check(new StaticAccessKeySetProvider(new AccessKeySet(key)));

        Assert.DoesNotContain(key, result.Description ?? string.Empty, StringComparison.Ordinal);
        Assert.All(result.Data.Values, v => Assert.DoesNotContain(key, v.ToString() ?? string.Empty, StringComparison.Ordinal));
    }

    [Fact]
    public async Task The_registration_helper_adds_the_named_check_over_the_registered_key_source()
    {
        await using var provider = new ServiceCollection()
            .AddLogging()
            .AddFirehoseAuth(o => o.AccessKey = "static-health-key")
            .AddHealthChecks().AddFirehoseAuthKeys(tags: ["ready"]).Services
            .BuildServiceProvider();

        var registration = Assert.Single(provider.GetRequiredService<IOptions<HealthCheckServiceOptions>>().Value.Registrations);
        Assert.Equal(FirehoseAuthDiagnostics.HealthCheckName, registration.Name);
        Assert.Contains("ready", registration.Tags);
        var report = await provider.GetRequiredService<HealthCheckService>().CheckHealthAsync();
        Assert.Equal(HealthStatus.Healthy, report.Entries[FirehoseAuthDiagnostics.HealthCheckName].Status);
    }
}
