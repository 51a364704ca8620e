using System.Net;
using System.Text.Json;
using FirehoseAuth.AspNetCore.Tests.Infrastructure;
using FirehoseAuth.AspNetCore.Tests.Sample;
using FirehoseAuth.Tests.Payloads;

namespace FirehoseAuth.AspNetCore.Tests;

/// <summary>The FirehoseReceiver sample with Receiver:RecordFormat, as a separate process over real HTTP on loopback.</summary>
public sealed class ReceiverProcessFormatsTests
{
    private const string LogsKey = "logs-receiver-key-0123456789abcdef";

    [Fact]
    public async Task With_cloudwatch_logs_the_receiver_writes_one_line_per_event_and_a_bad_record_raw_before_answering_200()
    {
        await using var receiver = await ReceiverProcess.StartAsync(new Dictionary<string, string>
        {
            ["FirehoseAuth__AccessKey"] = Deliveries.Key,
            ["Receiver__RecordFormat"] = "cloudwatch-logs",
        });
        using var client = new HttpClient { BaseAddress = receiver.BaseAddress };
        var events = PayloadRecords.TrickyEvents(4, 1_738_300_000_000);
        var bad = PayloadRecords.BadGzip();
        var requestId = Deliveries.NewRequestId();

        using var response = await client.SendAsync(Deliveries.Request(requestId, Deliveries.Body(requestId, PayloadRecords.ControlRecord(), bad, Deliveries.Gzip(PayloadRecords.LogsJson(events)))));
        var lines = await receiver.ReadLinesAsync(1 + events.Length);
        lines.AddRange(receiver.DrainLines());

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal(1 + events.Length, lines.Count);
        var raw = JsonDocument.Parse(lines[0]).RootElement;
        Assert.Equal((requestId, 1), (raw.GetProperty("requestId").GetString(), raw.GetProperty("index").GetInt32()));
        Assert.Equal(bad, raw.GetProperty("dataBase64").GetBytesFromBase64());
        Assert.False(string.IsNullOrEmpty(raw.GetProperty("formatError").GetString()));
        for (var i = 0; i < events.Length; i++)
        {
            var line = JsonDocument.Parse(lines[1 + i]).RootElement;
            Assert.Equal(requestId, line.GetProperty("requestId").GetString());
            Assert.Equal(Deliveries.Timestamp, line.GetProperty("timestamp").GetInt64());
            Assert.Equal((2, i), (line.GetProperty("index").GetInt32(), line.GetProperty("event").GetInt32()));
            Assert.Equal(PayloadRecords.LogGroup, line.GetProperty("logGroup").GetString());
            Assert.Equal(events[i].Id, line.GetProperty("id").GetString());
            Assert.Equal(events[i].Timestamp, line.GetProperty("eventTimestamp").GetInt64());
            Assert.Equal(events[i].Message, line.GetProperty("message").GetString());
        }
    }

    [Fact]
    public async Task A_named_stream_s_own_format_applies_to_it_alone()
    {
        await using var receiver = await ReceiverProcess.StartAsync(new Dictionary<string, string>
        {
            ["FirehoseAuth__AccessKey"] = Deliveries.Key,
            ["FirehoseAuth__Streams__logs__AccessKey"] = LogsKey,
            ["Receiver__Streams__logs__RecordFormat"] = "cloudwatch-logs",
        });
        using var client = new HttpClient { BaseAddress = receiver.BaseAddress };
        var record = Deliveries.Gzip(PayloadRecords.LogsJson(CloudWatchLogsJson.Events(2)));
        var (first, second) = (Deliveries.NewRequestId(), Deliveries.NewRequestId());

        using var toDefault = await client.SendAsync(Deliveries.Request(first, Deliveries.Body(first, record)));
        var defaultLines = await receiver.ReadLinesAsync(1);
        using var toLogs = Deliveries.Request(second, Deliveries.Body(second, record), LogsKey);
        toLogs.RequestUri = new Uri("/firehose/logs", UriKind.Relative);
        using var logsResponse = await client.SendAsync(toLogs);
        var logsLines = await receiver.ReadLinesAsync(2);

        Assert.Equal((HttpStatusCode.OK, HttpStatusCode.OK), (toDefault.StatusCode, logsResponse.StatusCode));
        Assert.Equal(record, JsonDocument.Parse(defaultLines[0]).RootElement.GetProperty("dataBase64").GetBytesFromBase64());
        Assert.All(logsLines, l => Assert.Equal("logs", JsonDocument.Parse(l).RootElement.GetProperty("stream").GetString()));
        Assert.Equal(CloudWatchLogsJson.Events(2).Select(e => e.Message), logsLines.Select(l => JsonDocument.Parse(l).RootElement.GetProperty("message").GetString()));
        Assert.Empty(receiver.DrainLines());
    }

    [Fact]
    public async Task An_unknown_record_format_stops_start_up_in_the_one_block_naming_the_setting_and_the_allowed_values()
    {
        var (exitCode, stderr) = await ReceiverProcess.RunUntilExitAsync(new Dictionary<string, string>
        {
            ["Receiver__RecordFormat"] = "cloudwatch",
            ["FirehoseAuth__Limits__MaxDepth"] = "1",
        });

        Assert.Equal(78, exitCode);
        Assert.Contains("FirehoseReceiver did not start: 2 settings are not valid.", stderr, StringComparison.Ordinal);
        Assert.Contains("  - Receiver:RecordFormat is not a record format; use raw, cloudwatch-logs, cloudwatch-metrics-json, cloudwatch-metrics-otel or auto.", stderr, StringComparison.Ordinal);
        Assert.Contains("FirehoseAuth:Limits:MaxDepth", stderr, StringComparison.Ordinal);
        Assert.DoesNotContain("Unhandled exception", stderr, StringComparison.Ordinal);
    }
}
