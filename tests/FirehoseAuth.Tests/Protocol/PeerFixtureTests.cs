using System.Text;
using System.Text.Json;
using FirehoseAuth.Protocol;

namespace FirehoseAuth.Tests.Protocol;

/// <summary>
/// Real request bodies from other Firehose receivers (OpenTelemetry Collector, Grafana Alloy, Telegraf), read from
/// ../shared/testdata at test time. Expectations are computed independently with System.Text.Json,
/// <see cref="Convert.FromBase64String(string)"/> and <see cref="System.IO.Compression.GZipStream"/>.
/// </summary>
public sealed class PeerFixtureTests
{
    [SharedDataTheory]
    [InlineData("grafana-alloy", "direct_put.json")]
    [InlineData("grafana-alloy", "direct_put_with_non_json_message.json")]
    [InlineData("otel-awsfirehosereceiver", "firehoselog", "firehose_log.json")]
    public async Task Direct_put_bodies_decode_to_the_exact_record_bytes(params string[] path)
    {
        var body = File.ReadAllBytes(TestData.PathOf(["peer-fixtures", .. path]));
        var (requestId, timestamp, expected) = Expect(body);

        var delivery = await Parse.SucceedsAsync(body, new FirehoseRequestHeaders { RequestId = requestId, ContentType = "application/json" });

        Assert.Equal(requestId, delivery.RequestId);
        Assert.Equal(timestamp, delivery.Timestamp);
        Assert.Equal(expected, delivery.Records);
    }

    [SharedDataFact]
    public async Task Alloy_direct_put_records_are_the_console_demo_json()
    {
        var delivery = await Parse.SucceedsAsync(File.ReadAllBytes(TestData.PathOf("peer-fixtures", "grafana-alloy", "direct_put.json")));
        Assert.Equal(
            ["{\"CHANGE\":-0.23,\"PRICE\":4.8,\"TICKER_SYMBOL\":\"NGC\",\"SECTOR\":\"HEALTHCARE\"}", "{\"CHANGE\":6.76,\"PRICE\":82.56,\"TICKER_SYMBOL\":\"SLW\",\"SECTOR\":\"ENERGY\"}", "{\"CHANGE\":-5.92,\"PRICE\":199.08,\"TICKER_SYMBOL\":\"HJV\",\"SECTOR\":\"ENERGY\"}"],
            delivery.Records.Select(Encoding.UTF8.GetString));
    }

    [SharedDataTheory]
    [InlineData("cw_logs_with_only_data_messages.json", "DATA_MESSAGE")]
    [InlineData("cw_logs_with_only_control_messages.json", "CONTROL_MESSAGE")]
    [InlineData("cw_logs_mixed.json", "CONTROL_MESSAGE", "DATA_MESSAGE")]
    public async Task CloudWatch_Logs_records_are_gunzipped_to_their_exact_json(string file, params string[] messageTypes)
    {
        var body = File.ReadAllBytes(TestData.PathOf("peer-fixtures", "grafana-alloy", file));
        var (_, _, compressed) = Expect(body);
        var expected = compressed.Select(FirehoseBody.Gunzip).ToArray();

        var delivery = await Parse.SucceedsAsync(body, options: new FirehoseParserOptions { DecompressGzipRecords = true });

        Assert.Equal(expected, delivery.Records);
        Assert.Equal(messageTypes, delivery.Records.Select(r => JsonDocument.Parse(r).RootElement.GetProperty("messageType").GetString()));
    }

    [SharedDataFact]
    public async Task A_CloudWatch_Logs_data_message_names_its_log_group()
    {
        var body = File.ReadAllBytes(TestData.PathOf("peer-fixtures", "grafana-alloy", "cw_logs_with_only_data_messages.json"));
        var delivery = await Parse.SucceedsAsync(body, options: new FirehoseParserOptions { DecompressGzipRecords = true });
        Assert.Equal("/aws/lambda/logging-lambda", JsonDocument.Parse(delivery.Records.Single()).RootElement.GetProperty("logGroup").GetString());
    }

    [SharedDataFact]
    public async Task A_truncated_base64_record_is_refused_with_400()
    {
        var body = File.ReadAllBytes(TestData.PathOf("peer-fixtures", "grafana-alloy", "cw_logs_control_and_bad_records.json"));
        var error = await Parse.FailsAsync(body, options: new FirehoseParserOptions { DecompressGzipRecords = true });
        Assert.Equal(FirehoseErrorCode.InvalidRecordData, error.Code);
        Assert.Equal(400, error.StatusCode);
        Assert.Contains("Record 1", error.Message, StringComparison.Ordinal);
    }

    [SharedDataFact]
    public async Task Telegraf_body_with_a_nanosecond_timestamp_and_common_attributes_is_accepted()
    {
        var body = File.ReadAllBytes(TestData.PathOf("peer-fixtures", "telegraf", "body.json"));
        using var headersJson = JsonDocument.Parse(File.ReadAllBytes(TestData.PathOf("peer-fixtures", "telegraf", "headers.json")));
        var headers = new FirehoseRequestHeaders
        {
            RequestId = headersJson.RootElement.GetProperty("x-amz-firehose-request-id").GetString(),
            CommonAttributes = headersJson.RootElement.GetProperty("x-amz-firehose-common-attributes").GetString(),
        };

        var delivery = await Parse.SucceedsAsync(body, headers);

        Assert.Equal("telegraf-test-id", delivery.RequestId);
        Assert.Equal(1734625715000000000, delivery.Timestamp);
        Assert.Equal(new Dictionary<string, string> { ["deployment"] = "prod", ["device"] = "pc" }, delivery.CommonAttributes);
        Assert.Equal(Expect(body).Records, delivery.Records);
        Assert.Equal("test value=42i 1734625715000000000\n", Encoding.UTF8.GetString(delivery.Records.Single()));
    }

    private static (string RequestId, long Timestamp, byte[][] Records) Expect(byte[] body)
    {
        using var document = JsonDocument.Parse(body);
        var root = document.RootElement;
        return (
            root.GetProperty("requestId").GetString()!,
            root.GetProperty("timestamp").GetInt64(),
            [.. root.GetProperty("records").EnumerateArray().Select(r => Convert.FromBase64String(r.GetProperty("data").GetString()!))]);
    }
}
