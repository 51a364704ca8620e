using System.Text;
using System.Text.Json;
using FirehoseAuth.Payloads;
using FirehoseAuth.Protocol;
using FirehoseAuth.Tests;
using FirehoseReceiver;

namespace FirehoseAuth.AspNetCore.Tests.Sample;

/// <summary>Grafana Alloy's CloudWatch Logs delivery (../shared/testdata) through the receiver's cloudwatch-logs output.</summary>
public sealed class PayloadFormatFixtureTests
{
    [SharedDataFact]
    public async Task Alloy_mixed_delivery_gives_no_line_for_its_control_record_and_one_line_per_lambda_event()
    {
        var body = File.ReadAllBytes(TestData.PathOf("peer-fixtures", "grafana-alloy", "cw_logs_mixed.json"));
        Assert.True(FirehoseRequestParser.TryParse(body, default, new FirehoseParserOptions(), out var delivery, out var error), error?.Message);
        using var output = new MemoryStream();
        using (delivery)
        {
            await using var writer = new NdjsonRecordWriter(output);
            await new StreamOutput(writer, null, FirehoseRecordFormat.CloudWatchLogs, () => new FirehoseParserOptions()).WriteAsync(delivery, CancellationToken.None);
        }

        var lines = Encoding.UTF8.GetString(output.ToArray()).Split('\n')[..^1].Select(l => JsonDocument.Parse(l).RootElement).ToList();

        Assert.Equal(13, lines.Count);
        Assert.All(lines, l =>
        {
            Assert.Equal("86208cf6-2bcc-47e6-9010-02ca9f44a025", l.GetProperty("requestId").GetString());
            Assert.Equal(1684424042901, l.GetProperty("timestamp").GetInt64());
            Assert.Equal(1, l.GetProperty("index").GetInt32());
            Assert.Equal("366620023056", l.GetProperty("owner").GetString());
            Assert.Equal("/aws/lambda/logging-lambda", l.GetProperty("logGroup").GetString());
            Assert.Equal("2023/05/18/[$LATEST]405d340d30f844c4ad376392489343f5", l.GetProperty("logStream").GetString());
            Assert.Equal(["test_lambdafunction_logfilter"], l.GetProperty("subscriptionFilters").EnumerateArray().Select(f => f.GetString()));
        });
        Assert.Equal(Enumerable.Range(0, 13), lines.Select(l => l.GetProperty("event").GetInt32()));
        Assert.Equal("37563910511486759624444503250502373204917139759160229888", lines[0].GetProperty("id").GetString());
        Assert.Equal(1684424003641, lines[0].GetProperty("eventTimestamp").GetInt64());
        Assert.StartsWith("INIT_START Runtime Version: nodejs:18.v6\tRuntime Version ARN:", lines[0].GetProperty("message").GetString(), StringComparison.Ordinal);
        Assert.Equal("END RequestId: 921a2a6d-5bd1-4797-8400-4688494b664b\n", lines[11].GetProperty("message").GetString());
        Assert.All(lines, l => Assert.True(l.GetProperty("eventTimestamp").GetInt64() >= 1684424003641));
    }
}
