using System.Diagnostics.Metrics;
using FirehoseAuth.Diagnostics;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using Microsoft.Extensions.Diagnostics.Metrics.Testing;
using Microsoft.Extensions.Options;
using static FirehoseAuth.Pipeline.Tests.PipelineHarness;

namespace FirehoseAuth.Pipeline.Tests;

public sealed class NamedStreamTests
{
    private const string MetricsKey = "metrics-stream-key-0123456789abcdef";

    private static PipelineHarness ThreeStreams() => Create(more: s =>
    {
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["FirehoseAuth:AccessKey"] = Key,
            ["FirehoseAuth:Streams:logs:AccessKey"] = OtherKey,
            ["FirehoseAuth:Streams:logs:AllowedSourceArns:0"] = SourceArn,
        }).Build();
        s.AddFirehoseAuth(configuration.GetSection("FirehoseAuth"))
         .AddFirehoseAuth("logs", configuration.GetSection("FirehoseAuth:Streams:logs"))
         .AddFirehoseAuth("metrics", o => o.AccessKey = MetricsKey);
        s.AddHealthChecks().AddFirehoseAuthKeys();
    });

    [Theory]
    [InlineData(null, Key)]
    [InlineData("logs", OtherKey)]
    [InlineData("metrics", MetricsKey)]
    public async Task Each_stream_accepts_its_own_key_and_no_other(string? stream, string ownKey)
    {
        using var harness = ThreeStreams();
        var pipeline = harness.Pipeline(stream);
        foreach (var key in new[] { Key, OtherKey, MetricsKey })
        {
            var id = NewRequestId();
            var answer = await SendAsync(pipeline, Request(id, Body(id, "x"), key), new RecordingHandler());
            Assert.Equal(key == ownKey ? 200 : 401, answer.Status);
        }
    }

    [Fact]
    public void The_default_stream_is_also_the_stream_named_default()
    {
        using var harness = ThreeStreams();

        Assert.Same(harness.Pipeline(), harness.Pipeline(FirehoseAuthOptions.DefaultStreamName));
        Assert.Equal("logs", harness.Pipeline("logs").StreamName);
    }

    [Fact]
    public async Task Metrics_carry_the_stream_name()
    {
        using var harness = ThreeStreams();
        var factory = harness.Services.GetRequiredService<IMeterFactory>();
        using var deliveries = new MetricCollector<long>(factory, FirehoseAuthDiagnostics.MeterName, "firehoseauth.deliveries");
        using var authentications = new MetricCollector<long>(factory, FirehoseAuthDiagnostics.MeterName, "firehoseauth.authentications");
        var id = NewRequestId();

        await SendAsync(harness.Pipeline("logs"), Request(id, Body(id, "x"), OtherKey), new RecordingHandler());
        await SendAsync(harness.Pipeline("metrics"), Request(id, Body(id, "x"), OtherKey), new RecordingHandler());

        Assert.Equal(
            [("logs", 200), ("metrics", 401)],
            deliveries.GetMeasurementSnapshot().Select(m => ((string)m.Tags["firehoseauth.stream"]!, (int)m.Tags["http.response.status_code"]!)).Order());
        Assert.Equal(
            [("logs", "current"), ("metrics", "invalid")],
            authentications.GetMeasurementSnapshot().Select(m => ((string)m.Tags["firehoseauth.stream"]!, (string)m.Tags["outcome"]!)).Order());
    }

    [Fact]
    public async Task The_key_health_check_reports_every_stream()
    {
        using var harness = ThreeStreams();

        var report = await harness.Services.GetRequiredService<HealthCheckService>().CheckHealthAsync();

        var entry = Assert.Single(report.Entries).Value;
        Assert.Equal(HealthStatus.Healthy, entry.Status);
        foreach (var stream in new[] { "default", "logs", "metrics" })
        {
            Assert.Contains($"{stream}: ", entry.Description, StringComparison.Ordinal);
        }
    }

    [Fact]
    public void A_stream_that_was_never_registered_fails_when_it_is_asked_for_not_at_the_first_delivery()
    {
        using var harness = ThreeStreams();

        Assert.Null(harness.Services.GetKeyedService<FirehoseDeliveryPipeline>("audit"));
    }

    [Theory]
    [InlineData("")]
    [InlineData("has space")]
    [InlineData("-leading-dash")]
    public void A_stream_name_that_cannot_be_a_setting_or_a_path_is_refused_at_registration(string name)
    {
        Assert.Throws<ArgumentException>(() => new ServiceCollection().AddFirehoseAuth(name, o => o.AccessKey = Key));
    }

    [Fact]
    public void Start_up_validation_names_the_stream_s_own_settings()
    {
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["FirehoseAuth:AccessKey"] = Key,
            ["FirehoseAuth:Streams:logs:Limits:MaxRecordCount"] = "0",
        }).Build();
        using var services = new ServiceCollection()
            .AddFirehoseAuth(configuration.GetSection("FirehoseAuth"))
            .AddFirehoseAuth("logs", configuration.GetSection("FirehoseAuth:Streams:logs"))
            .AddFirehoseAuth("metrics", _ => { })
            .BuildServiceProvider();
        var monitor = services.GetRequiredService<IOptionsMonitor<FirehoseAuthOptions>>();

        _ = monitor.CurrentValue; // The default stream is valid.
        var logs = Assert.Throws<OptionsValidationException>(() => monitor.Get("logs"));
        var metrics = Assert.Throws<OptionsValidationException>(() => monitor.Get("metrics"));

        Assert.Contains(logs.Failures, f => f.Contains("FirehoseAuth:Streams:logs:Limits:MaxRecordCount", StringComparison.Ordinal));
        Assert.Contains(logs.Failures, f => f.Contains("FirehoseAuth:Streams:logs:AccessKey", StringComparison.Ordinal));
        Assert.Contains(metrics.Failures, f => f.Contains("FirehoseAuth:Streams:metrics:AccessKey", StringComparison.Ordinal));
        Assert.DoesNotContain(logs.Failures.Concat(metrics.Failures), f => f.Contains("FirehoseAuth:AccessKey", StringComparison.Ordinal));
    }
}
