using System.Text;
using FirehoseAuth.Payloads;

namespace FirehoseAuth.Testing.Tests.Deliveries;

/// <summary>The payload builders write what the library's <see cref="FirehosePayloadReader"/> decodes (and the name clash with FirehoseAuth.Payloads is gone).</summary>
public sealed class PayloadRecordsTests
{
    [Fact]
    public void A_metric_streams_json_record_decodes_to_the_metrics_it_was_built_from()
    {
        var minute = DateTimeOffset.FromUnixTimeMilliseconds(1_700_000_040_000);
        var record = MetricStreamRecords.Json(
            new SimulatedMetric("AWS/EC2", "CPUUtilization", minute, 9.5, 0.5, 30, 6) { Unit = "Percent", Dimensions = new Dictionary<string, string> { ["InstanceId"] = "i-1", ["Az"] = "a\"b" } },
            new SimulatedMetric("AWS/Lambda", "Duration", minute.AddMinutes(1), 1, 1, 1, 1));
        using var reader = new FirehosePayloadReader();

        Assert.Equal(FirehoseRecordFormat.CloudWatchMetricsJson, FirehosePayloadReader.Detect(record));
        var result = reader.ReadCloudWatchMetricsJson(record);

        Assert.True(result.IsSuccess, result.ErrorMessage);
        Assert.Equal(2, Encoding.UTF8.GetString(record).Count(c => c == '\n'));
        var metrics = result.Metrics;
        Assert.Equal(["CPUUtilization", "Duration"], metrics.Select(m => Text(m.MetricName)));
        Assert.Equal(["AWS/EC2", "Percent", "firehose-sim", "123456789012", "us-east-1"], new[] { metrics[0].Namespace, metrics[0].Unit, metrics[0].MetricStreamName, metrics[0].AccountId, metrics[0].Region }.Select(Text));
        Assert.Equal([("InstanceId", "i-1"), ("Az", "a\"b")], metrics[0].Dimensions.Select(d => (Text(d.Name), Text(d.Value))));
        Assert.Equal((9.5, 0.5, 30.0, 6.0), (metrics[0].Max, metrics[0].Min, metrics[0].Sum, metrics[0].Count));
        Assert.Equal(minute, metrics[0].Timestamp);
        Assert.Equal("None", Text(metrics[1].Unit));
        Assert.Empty(metrics[1].Dimensions);
    }

    [Fact]
    public void An_opentelemetry_record_decodes_to_its_messages_including_one_longer_than_127_bytes()
    {
        // Protobuf messages starting with field 1, wire type 2 (resource_metrics): 0x0A, a length, that many bytes.
        byte[] small = [0x0A, 0x02, 0x08, 0x01];
        var large = new byte[300];
        large[0] = 0x0A;
        large[1] = 0xA9; // 297 as a varint: 0xA9 0x02
        large[2] = 0x02;
        var record = MetricStreamRecords.OpenTelemetry(small, large);
        using var reader = new FirehosePayloadReader();

        Assert.Equal(new byte[] { 0x04, 0x0A, 0x02, 0x08, 0x01, 0xAC, 0x02 }, record[..7]);
        Assert.Equal(FirehoseRecordFormat.CloudWatchMetricsOpenTelemetry, FirehosePayloadReader.Detect(record));
        var result = reader.ReadCloudWatchMetricsOpenTelemetry(record);

        Assert.True(result.IsSuccess, result.ErrorMessage);
        Assert.Equal([small, large], result.Messages.Select(m => m.ToArray()));
    }

    private static string Text(ReadOnlyMemory<byte> utf8) => Encoding.UTF8.GetString(utf8.Span);
}
