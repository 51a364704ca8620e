using FirehoseAuth.Payloads;
using FirehoseReceiver;
using Microsoft.Extensions.Configuration;

namespace FirehoseAuth.AspNetCore.Tests.Sample;

/// <summary>The receiver's Receiver:RecordFormat settings: the default stream's, a named stream's own, and the bad ones.</summary>
public sealed class ReceiverFormatsTests
{
    private static ReceiverFormats Read(params (string Key, string Value)[] settings)
        => ReceiverFormats.Read(
            new ConfigurationBuilder().AddInMemoryCollection(settings.Select(s => new KeyValuePair<string, string?>(s.Key, s.Value))).Build(),
            ["logs", "metrics"]);

    [Fact]
    public void Nothing_set_is_raw_for_every_stream()
    {
        var formats = Read();

        Assert.Empty(formats.Problems);
        Assert.Equal([FirehoseRecordFormat.Raw, FirehoseRecordFormat.Raw], new[] { formats.For(null), formats.For("logs") });
    }

    [Fact]
    public void A_named_stream_s_own_setting_wins_over_the_receiver_s_and_values_ignore_case()
    {
        var formats = Read(("Receiver:RecordFormat", "Auto"), ("Receiver:Streams:logs:RecordFormat", "cloudwatch-logs"), ("Receiver:Streams:metrics:RecordFormat", "CLOUDWATCH-METRICS-OTEL"));

        Assert.Empty(formats.Problems);
        Assert.Equal(FirehoseRecordFormat.Auto, formats.For(null));
        Assert.Equal(FirehoseRecordFormat.CloudWatchLogs, formats.For("logs"));
        Assert.Equal(FirehoseRecordFormat.CloudWatchMetricsOpenTelemetry, formats.For("metrics"));
    }

    [Fact]
    public void An_unknown_value_is_a_problem_naming_the_setting_and_the_allowed_values_but_not_the_value()
    {
        var formats = Read(("Receiver:RecordFormat", "xml-secret-1234"), ("Receiver:Streams:logs:RecordFormat", "json"));

        Assert.Equal(
            [
                "Receiver:RecordFormat is not a record format; use raw, cloudwatch-logs, cloudwatch-metrics-json, cloudwatch-metrics-otel or auto.",
                "Receiver:Streams:logs:RecordFormat is not a record format; use raw, cloudwatch-logs, cloudwatch-metrics-json, cloudwatch-metrics-otel or auto.",
            ],
            formats.Problems);
        Assert.DoesNotContain(formats.Problems, p => p.Contains("xml-secret", StringComparison.Ordinal));
    }

    [Fact]
    public void A_setting_for_a_stream_that_is_not_configured_is_a_problem()
    {
        var formats = Read(("Receiver:Streams:orders:RecordFormat", "auto"));

        Assert.Equal(["Receiver:Streams:orders names no stream: there is no FirehoseAuth:Streams:orders section."], formats.Problems);
    }
}
