using FirehoseAuth.DependencyInjection;
using FirehoseAuth.Diagnostics;
using FirehoseAuth.Secrets;
using FirehoseAuth.Tests.DependencyInjection;
using FirehoseAuth.Tests.Secrets.Fakes;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Diagnostics.Metrics.Testing;
using Microsoft.Extensions.Time.Testing;

namespace FirehoseAuth.Tests.Diagnostics;

/// <summary>The key-set instruments tell one secret from another.</summary>
public sealed class KeySetMetricsTests
{
    private const string Key = "metrics-test-key-0123456789";

    [Fact]
    public async Task Two_secrets_have_their_own_key_set_age_and_refresh_series_tagged_with_the_secret_id()
    {
        var time = new FakeTimeProvider(new DateTimeOffset(2030, 1, 1, 0, 5, 0, TimeSpan.Zero));
        await using var services = new ServiceCollection()
            .AddLogging()
            .AddSingleton<TimeProvider>(time)
            .AddSingleton<ISecretValueSource>(new GatedSecretValueSource(Key, open: true))
            .AddFirehoseAuth("logs", o => o.SecretsManager.SecretId = "logs-secret")
            .AddFirehoseAuth("audit", o => o.SecretsManager.SecretId = "logs-secret")
            .AddFirehoseAuth("metrics", o => o.SecretsManager.SecretId = "arn:aws:secretsmanager:us-east-1:123456789012:secret:metrics-AbCdEf")
            .BuildServiceProvider();
        var meter = services.GetRequiredService<FirehoseAuthMetrics>().Meter;
        using var age = new MetricCollector<double>(meter, "firehoseauth.keyset.age");
        using var refreshes = new MetricCollector<long>(meter, "firehoseauth.keyset.refreshes");
        var streams = services.GetRequiredService<FirehoseStreams>();

        // The logs secret loads 30 s before the metrics secret.
        await LoadAsync(streams, "logs");
        time.Advance(TimeSpan.FromSeconds(30));
        await LoadAsync(streams, "audit");
        await LoadAsync(streams, "metrics");
        time.Advance(TimeSpan.FromSeconds(12));
        age.RecordObservableInstruments();

        Assert.Equal(
            [("arn:aws:secretsmanager:us-east-1:123456789012:secret:metrics-AbCdEf", 12d), ("logs-secret", 42d)],
            age.GetMeasurementSnapshot().Select(m => ((string)m.Tags[FirehoseAuthMetrics.SecretTag]!, m.Value)).Order());
        Assert.Equal(
            ["arn:aws:secretsmanager:us-east-1:123456789012:secret:metrics-AbCdEf", "logs-secret"],
            refreshes.GetMeasurementSnapshot().Select(m => (string)m.Tags[FirehoseAuthMetrics.SecretTag]!).Order());
    }

    private static Task LoadAsync(FirehoseStreams streams, string stream)
        => Eventually.TrueAsync(() => streams.Get(stream).KeySource.Current is not null, $"the key set of stream {stream} to load");
}
