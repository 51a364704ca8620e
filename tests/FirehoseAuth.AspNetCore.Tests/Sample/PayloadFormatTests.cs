using System.Text;
using System.Text.Json;
using FirehoseAuth.AspNetCore.Tests.Infrastructure;
using FirehoseAuth.Payloads;
using FirehoseAuth.Protocol;
using FirehoseAuth.Tests.Payloads;
using FirehoseReceiver;
using static FirehoseAuth.AspNetCore.Tests.Sample.PayloadRecords;

namespace FirehoseAuth.AspNetCore.Tests.Sample;

/// <summary>The receiver's decoded record formats, in process: every line parsed as JSON and checked against the input.</summary>
public sealed class PayloadFormatTests
{
    private static readonly string[] LogFields = ["requestId", "timestamp", "index", "event", "owner", "logGroup", "logStream", "subscriptionFilters", "id", "eventTimestamp", "message"];
    private static readonly string[] MetricFields = ["requestId", "index", "metric_stream_name", "account_id", "region", "namespace", "metric_name", "dimensions", "timestamp", "value", "unit"];

    [Fact]
    public async Task CloudWatch_Logs_gives_one_line_per_event_with_exactly_the_log_fields()
    {
        var first = TrickyEvents(5, 1_738_300_000_000);
        var second = TrickyEvents(2, 1_738_300_100_000);
        // Record 0 gzip'd, record 1 already decompressed (Firehose's own decompression), both with several events.
        var lines = await WriteAsync(FirehoseRecordFormat.CloudWatchLogs, [Deliveries.Gzip(LogsJson(first, filters: ["a", "b \"quoted\""])), LogsJson(second)]);

        Assert.Equal(7, lines.Length);
        var expected = first.Select((e, i) => (Index: 0, Event: i, e, Filters: new[] { "a", "b \"quoted\"" }))
            .Concat(second.Select((e, i) => (Index: 1, Event: i, e, Filters: new[] { "to-firehose" }))).ToList();
        for (var i = 0; i < lines.Length; i++)
        {
            using var document = JsonDocument.Parse(lines[i]);
            var line = document.RootElement;
            var (index, ordinal, e, filters) = expected[i];
            Assert.Equal(LogFields, Names(line));
            Assert.Equal("req-1", line.GetProperty("requestId").GetString());
            Assert.Equal(1_700_000_000_123, line.GetProperty("timestamp").GetInt64());
            Assert.Equal(index, line.GetProperty("index").GetInt32());
            Assert.Equal(ordinal, line.GetProperty("event").GetInt32());
            Assert.Equal(Owner, line.GetProperty("owner").GetString());
            Assert.Equal(LogGroup, line.GetProperty("logGroup").GetString());
            Assert.Equal(LogStream, line.GetProperty("logStream").GetString());
            Assert.Equal(filters, line.GetProperty("subscriptionFilters").EnumerateArray().Select(f => f.GetString()));
            Assert.Equal(e.Id, line.GetProperty("id").GetString());
            Assert.Equal(e.Timestamp, line.GetProperty("eventTimestamp").GetInt64());
            Assert.Equal(e.Message, line.GetProperty("message").GetString());
        }
    }

    [Fact]
    public async Task A_named_stream_s_lines_carry_the_stream_after_the_timestamp()
    {
        var lines = await WriteAsync(FirehoseRecordFormat.CloudWatchLogs, [Deliveries.Gzip(LogsJson(TrickyEvents(1, 5)))], stream: "logs");

        using var document = JsonDocument.Parse(Assert.Single(lines));
        Assert.Equal([.. LogFields[..2], "stream", .. LogFields[2..]], Names(document.RootElement));
        Assert.Equal("logs", document.RootElement.GetProperty("stream").GetString());
    }

    [Fact]
    public async Task A_control_only_record_writes_no_line()
    {
        Assert.Empty(await WriteAsync(FirehoseRecordFormat.CloudWatchLogs, [ControlRecord()]));
    }

    [Fact]
    public async Task A_bad_gzip_record_beside_a_good_one_is_its_raw_line_with_formatError_and_the_good_record_keeps_its_events()
    {
        var events = TrickyEvents(3, 10);
        var bad = BadGzip();
        var lines = await WriteAsync(FirehoseRecordFormat.CloudWatchLogs, [bad, ControlRecord(), Deliveries.Gzip(LogsJson(events))]);

        Assert.Equal(4, lines.Length);
        using var raw = JsonDocument.Parse(lines[0]);
        Assert.Equal(["requestId", "timestamp", "index", "dataBase64", "formatError"], Names(raw.RootElement));
        Assert.Equal(0, raw.RootElement.GetProperty("index").GetInt32());
        Assert.Equal(bad, raw.RootElement.GetProperty("dataBase64").GetBytesFromBase64());
        Assert.Equal("The record starts with the gzip magic but is not a complete, valid gzip stream.", raw.RootElement.GetProperty("formatError").GetString());
        var decoded = lines[1..].Select(l => JsonDocument.Parse(l).RootElement).ToList();
        Assert.All(decoded, l => Assert.Equal(2, l.GetProperty("index").GetInt32()));
        Assert.Equal(events.Select(e => e.Message), decoded.Select(l => l.GetProperty("message").GetString()));
        Assert.Equal([0, 1, 2], decoded.Select(l => l.GetProperty("event").GetInt32()));
    }

    [Fact]
    public async Task A_text_record_that_is_not_the_format_is_its_raw_data_line_with_formatError()
    {
        var lines = await WriteAsync(FirehoseRecordFormat.CloudWatchLogs, [Encoding.UTF8.GetBytes("{\"hello\":\"world\"}")]);

        using var line = JsonDocument.Parse(Assert.Single(lines));
        Assert.Equal(["requestId", "timestamp", "index", "data", "formatError"], Names(line.RootElement));
        Assert.Equal("{\"hello\":\"world\"}", line.RootElement.GetProperty("data").GetString());
        Assert.Contains("not a CloudWatch Logs subscription message", line.RootElement.GetProperty("formatError").GetString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_decoded_string_that_is_not_UTF8_sends_the_record_raw_instead_of_writing_bad_JSON()
    {
        var json = LogsJson([new CloudWatchLogsJson.Event("1", 2, "MARK")]);
        var at = Encoding.UTF8.GetString(json).IndexOf("MARK", StringComparison.Ordinal);
        json[at] = 0xFF;

        var lines = await WriteAsync(FirehoseRecordFormat.CloudWatchLogs, [json]);

        using var line = JsonDocument.Parse(Assert.Single(lines));
        Assert.Equal(json, line.RootElement.GetProperty("dataBase64").GetBytesFromBase64());
        Assert.NotEmpty(line.RootElement.GetProperty("formatError").GetString()!);
    }

    [Fact]
    public async Task The_stream_s_own_limits_cap_the_gunzipped_record()
    {
        var record = Deliveries.Gzip(LogsJson(TrickyEvents(20, 1)));

        var lines = await WriteAsync(FirehoseRecordFormat.CloudWatchLogs, [record], limits: new FirehoseParserOptions { MaxDecompressedRecordSize = 100 });

        using var line = JsonDocument.Parse(Assert.Single(lines));
        Assert.Equal(record, line.RootElement.GetProperty("dataBase64").GetBytesFromBase64());
        Assert.Equal("The gunzipped record exceeds MaxDecompressedRecordSize.", line.RootElement.GetProperty("formatError").GetString());
    }

    [Fact]
    public async Task Metric_Streams_JSON_gives_one_line_per_metric_with_the_source_fields()
    {
        var lines = await WriteAsync(FirehoseRecordFormat.CloudWatchMetricsJson, [MetricsJson()], stream: "metrics");

        Assert.Equal(2, lines.Length);
        using var first = JsonDocument.Parse(lines[0]);
        using var second = JsonDocument.Parse(lines[1]);
        var a = first.RootElement;
        var b = second.RootElement;
        Assert.Equal([MetricFields[0], "stream", .. MetricFields[1..]], Names(a));
        Assert.Equal(("req-1", "metrics", 0), (a.GetProperty("requestId").GetString(), a.GetProperty("stream").GetString(), a.GetProperty("index").GetInt32()));
        Assert.Equal(("MyMetricStream", "1234567890", "us-east-1"), (a.GetProperty("metric_stream_name").GetString(), a.GetProperty("account_id").GetString(), a.GetProperty("region").GetString()));
        Assert.Equal(("AWS/EC2", "DiskWriteOps", "Seconds"), (a.GetProperty("namespace").GetString(), a.GetProperty("metric_name").GetString(), a.GetProperty("unit").GetString()));
        Assert.Equal(["InstanceId=i-123456789012", "Az=us-east-1a"], a.GetProperty("dimensions").EnumerateObject().Select(d => $"{d.Name}={d.Value.GetString()}"));
        Assert.Equal(1611929698000, a.GetProperty("timestamp").GetInt64());
        Assert.Equal(["max=18", "min=0", "sum=20.5", "count=3", "p99=17.25", "p99.9=18"], a.GetProperty("value").EnumerateObject().Select(v => $"{v.Name}={v.Value.GetDouble()}"));
        Assert.Equal(("AWS/Lambda", "Invocations", 1611929758000), (b.GetProperty("namespace").GetString(), b.GetProperty("metric_name").GetString(), b.GetProperty("timestamp").GetInt64()));
        Assert.Empty(b.GetProperty("dimensions").EnumerateObject());
        Assert.Equal(["sum=1E+20", "count=2"], b.GetProperty("value").EnumerateObject().Select(v => $"{v.Name}={v.Value.GetDouble():R}"));
    }

    [Fact]
    public async Task Metric_Streams_OpenTelemetry_gives_one_line_per_message_with_its_length_and_bytes()
    {
        byte[][] messages = [ProtobufMessage(40, 0x11), ProtobufMessage(130, 0x22), ProtobufMessage(3, 0x33)];

        var lines = await WriteAsync(FirehoseRecordFormat.CloudWatchMetricsOpenTelemetry, [OtlpFramed(messages), OtlpFramed(messages[2])]);

        Assert.Equal(4, lines.Length);
        var expected = new[] { (0, 0, messages[0]), (0, 1, messages[1]), (0, 2, messages[2]), (1, 0, messages[2]) };
        for (var i = 0; i < lines.Length; i++)
        {
            using var document = JsonDocument.Parse(lines[i]);
            var line = document.RootElement;
            Assert.Equal(["requestId", "timestamp", "index", "message", "length", "dataBase64"], Names(line));
            Assert.Equal(expected[i].Item1, line.GetProperty("index").GetInt32());
            Assert.Equal(expected[i].Item2, line.GetProperty("message").GetInt32());
            Assert.Equal(expected[i].Item3.Length, line.GetProperty("length").GetInt32());
            Assert.Equal(expected[i].Item3, line.GetProperty("dataBase64").GetBytesFromBase64());
        }
    }

    [Fact]
    public async Task Auto_detects_each_record_and_writes_what_it_cannot_detect_raw_with_formatError()
    {
        var events = TrickyEvents(2, 7);
        var message = ProtobufMessage(20, 0x44);

        var lines = await WriteAsync(FirehoseRecordFormat.Auto, [Deliveries.Gzip(LogsJson(events)), MetricsJson(), OtlpFramed(message), Encoding.UTF8.GetBytes("plain text")]);

        var parsed = lines.Select(l => JsonDocument.Parse(l).RootElement).ToList();
        Assert.Equal([0, 0, 1, 1, 2, 3], parsed.Select(l => l.GetProperty("index").GetInt32()));
        Assert.Equal(events.Select(e => e.Message), parsed[..2].Select(l => l.GetProperty("message").GetString()));
        Assert.Equal(["DiskWriteOps", "Invocations"], parsed[2..4].Select(l => l.GetProperty("metric_name").GetString()));
        Assert.Equal(message, parsed[4].GetProperty("dataBase64").GetBytesFromBase64());
        Assert.Equal("plain text", parsed[5].GetProperty("data").GetString());
        Assert.Equal("The record's format was not recognised.", parsed[5].GetProperty("formatError").GetString());
    }

    [Fact]
    public async Task Raw_stays_the_raw_writer_s_output_byte_for_byte()
    {
        byte[][] records = [Deliveries.Gzip(LogsJson(TrickyEvents(2, 1))), "text"u8.ToArray()];
        using var delivery = NdjsonReference.Delivery("req-1", 1_700_000_000_123, records);
        using var direct = new MemoryStream();
        await using (var writer = new NdjsonRecordWriter(direct))
        {
            await writer.WriteAsync(delivery, "logs", CancellationToken.None);
        }

        using var viaFormat = new MemoryStream();
        await using (var writer = new NdjsonRecordWriter(viaFormat))
        {
            await new StreamOutput(writer, "logs", FirehoseRecordFormat.Raw, () => throw new InvalidOperationException("raw decodes nothing")).WriteAsync(delivery, CancellationToken.None);
        }

        Assert.Equal(direct.ToArray(), viaFormat.ToArray());
    }

    [Theory]
    [InlineData(64)]
    [InlineData(65)]
    [InlineData(97)]
    [InlineData(4096)]
    public void Lines_formatted_into_small_buffers_in_turn_give_the_same_bytes(int room)
    {
        byte[][] records = [Deliveries.Gzip(LogsJson(TrickyEvents(9, 3))), BadGzip(), MetricsJson(), OtlpFramed(ProtobufMessage(300, 0x55)), [0xFF, 0xFE]];
        using var delivery = NdjsonReference.Delivery("r\"1", 2, records);
        using var reader = new FirehosePayloadReader();
        var decoded = new DecodedRecord[records.Length];
        DeliveryDecoder.Decode(reader, delivery.Records, FirehoseRecordFormat.Auto, decoded);
        var prefix = new byte[256];
        var length = NdjsonDeliveryFormatter.WritePrefix("r\"1", 2, "\"stream\":\"s\","u8, prefix);
        var metricLength = NdjsonDeliveryFormatter.WritePrefix("r\"1", 2, includeTimestamp: false, "\"stream\":\"s\","u8, prefix.AsSpan(length));
        PayloadDeliveryFormatter Formatter() => new(new PayloadLineCursor(decoded, prefix.AsMemory(0, length), prefix.AsMemory(length, metricLength)));

        var whole = Formatter();
        var all = new byte[1 << 20];
        var expected = all.AsSpan(0, whole.Fill(all)).ToArray();
        var pieces = Formatter();
        var buffer = new byte[room];
        var actual = new List<byte>();
        while (!pieces.IsComplete)
        {
            var written = pieces.Fill(buffer);
            Assert.True(written > 0 || pieces.IsComplete, "no progress");
            actual.AddRange(buffer.AsSpan(0, written).ToArray());
        }

        Assert.True(whole.IsComplete);
        Assert.Equal(Encoding.UTF8.GetString(expected), Encoding.UTF8.GetString([.. actual]));
        Assert.All(Encoding.UTF8.GetString(expected).Split('\n')[..^1], l => JsonDocument.Parse(l).Dispose());
    }
}
