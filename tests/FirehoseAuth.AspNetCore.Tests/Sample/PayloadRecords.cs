using System.Text;
using System.Text.Json;
using FirehoseAuth.AspNetCore.Tests.Infrastructure;
using FirehoseAuth.Payloads;
using FirehoseAuth.Protocol;
using FirehoseAuth.Tests.Payloads;
using FirehoseReceiver;

namespace FirehoseAuth.AspNetCore.Tests.Sample;

/// <summary>Builds the records of each AWS payload as the services write them, and runs them through the receiver's output.</summary>
internal static class PayloadRecords
{
    public const string Owner = "123456789012";
    public const string LogGroup = "/aws/lambda/orders \"prod\"";
    public const string LogStream = "2025/01/31/[$LATEST]0a1b2c";

    /// <summary>A CloudWatch Logs DATA_MESSAGE with this file's owner, group and stream.</summary>
    public static byte[] LogsJson(IEnumerable<CloudWatchLogsJson.Event> events, string[]? filters = null)
        => CloudWatchLogsJson.Data(events, Owner, LogGroup, LogStream, filters ?? ["to-firehose"]);

    public static byte[] ControlRecord() => Deliveries.Gzip(CloudWatchLogsJson.Control());

    /// <summary>The gzip magic and then bytes that are no deflate stream.</summary>
    public static byte[] BadGzip() => [0x1F, 0x8B, 0x08, 0x00, 0, 0, 0, 0, 0, 0xFF, 0xDE, 0xAD, 0xBE, 0xEF];

    /// <summary>Events whose messages hold what an escaper must get right.</summary>
    public static CloudWatchLogsJson.Event[] TrickyEvents(int count, long start) => [.. Enumerable.Range(0, count).Select(i => new CloudWatchLogsJson.Event(
        $"3756391051148675962444450325050237320491713975916{i:D7}",
        start + i,
        i % 3 == 0 ? $"{{\"level\":\"info\",\"msg\":\"héllo ✓ \\\"{i}\\\"\"}}\n" : i % 3 == 1 ? $"tab\there\u0001 \\ 😀 {i}" : $"END RequestId: {i}\u2028"))];

    /// <summary>Metric Streams JSON lines: one with every statistic and two percentiles, one with count and sum only.</summary>
    public static byte[] MetricsJson() => Encoding.UTF8.GetBytes(
        "{\"metric_stream_name\":\"MyMetricStream\",\"account_id\":\"1234567890\",\"region\":\"us-east-1\",\"namespace\":\"AWS/EC2\",\"metric_name\":\"DiskWriteOps\",\"dimensions\":{\"InstanceId\":\"i-123456789012\",\"Az\":\"us-east-1a\"},\"timestamp\":1611929698000,\"value\":{\"max\":18.0,\"min\":0.0,\"sum\":20.5,\"count\":3.0,\"p99\":17.25,\"p99.9\":18},\"unit\":\"Seconds\"}\n" +
        "{\"metric_stream_name\":\"MyMetricStream\",\"account_id\":\"1234567890\",\"region\":\"us-east-1\",\"namespace\":\"AWS/Lambda\",\"metric_name\":\"Invocations\",\"dimensions\":{},\"timestamp\":1611929758000,\"value\":{\"count\":2,\"sum\":1E+20},\"unit\":\"Count\"}\n");

    /// <summary>Varint-length-prefixed protobuf-looking messages, as Metric Streams' OpenTelemetry format frames them.</summary>
    public static byte[] OtlpFramed(params byte[][] messages) => OtlpFraming.Frame(messages);

    /// <summary>A message starting with field 1, wire type 2 (as ExportMetricsServiceRequest does), of <paramref name="length"/> bytes.</summary>
    public static byte[] ProtobufMessage(int length, byte fill)
    {
        var message = new byte[length];
        Array.Fill(message, fill);
        message[0] = 0x0A;
        message[1] = (byte)(length - 2);
        return message;
    }

    /// <summary>Writes a delivery of <paramref name="records"/> in <paramref name="format"/> and returns the output's lines.</summary>
    public static async Task<string[]> WriteAsync(FirehoseRecordFormat format, byte[][] records, string? stream = null, FirehoseParserOptions? limits = null, string requestId = "req-1", long timestamp = 1_700_000_000_123)
    {
        using var delivery = NdjsonReference.Delivery(requestId, timestamp, records);
        using var output = new MemoryStream();
        await using (var writer = new NdjsonRecordWriter(output))
        {
            var target = new StreamOutput(writer, stream, format, () => limits ?? new FirehoseParserOptions());
            await target.WriteAsync(delivery, CancellationToken.None);
            await target.WriteAsync(delivery, CancellationToken.None); // a reused reader gives the same lines
        }

        var text = Encoding.UTF8.GetString(output.ToArray());
        Assert.True(text.Length == 0 || text.EndsWith('\n'), "the last line is not whole");
        var lines = text.Split('\n')[..^1];
        Assert.Equal(lines[..(lines.Length / 2)], lines[(lines.Length / 2)..]);
        return lines[..(lines.Length / 2)];
    }

    /// <summary>The line's member names, in order.</summary>
    public static string[] Names(JsonElement line) => [.. line.EnumerateObject().Select(p => p.Name)];
}
