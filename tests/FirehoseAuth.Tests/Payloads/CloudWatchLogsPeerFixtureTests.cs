using FirehoseAuth.Payloads;
using FirehoseAuth.Protocol;
using FirehoseAuth.Tests.Protocol;

namespace FirehoseAuth.Tests.Payloads;

/// <summary>
/// CloudWatch Logs records from other receivers' test data (OpenTelemetry Collector's <c>cwlog/</c>, Grafana Alloy's
/// full request bodies), read from ../shared/testdata. Expected values are written from the files' contents.
/// </summary>
public sealed class CloudWatchLogsPeerFixtureTests
{
    private const string FirstId = "38480917865042697267627490045603633139480491071049695232";

    [SharedDataFact]
    public void OpenTelemetry_single_record_has_one_event_gzip_or_not()
    {
        var json = File.ReadAllBytes(TestData.PathOf("peer-fixtures", "otel-awsfirehosereceiver", "cwlog", "single_record"));
        using var reader = new FirehosePayloadReader();
        foreach (var record in (byte[][])[json, FirehoseBody.Gzip(json)])
        {
            var result = reader.ReadCloudWatchLogs(record);

            var message = Assert.Single(result.Messages);
            Assert.Equal(CloudWatchLogsMessageType.Data, message.MessageType);
            Assert.Equal("123", PayloadAssert.Text(message.Owner));
            Assert.Equal("test", PayloadAssert.Text(message.LogGroup));
            Assert.Equal("test", PayloadAssert.Text(message.LogStream));
            Assert.Equal(["test"], message.SubscriptionFilters.Select(PayloadAssert.Text));
            Assert.Equal([(FirstId, 1725544035523L, "Hello world, here is our first log message!")], PayloadAssert.Events(result));
            Assert.Equal(DateTimeOffset.FromUnixTimeMilliseconds(1725544035523), message.LogEvents[0].Timestamp);
        }
    }

    [SharedDataFact]
    public void OpenTelemetry_multiple_resources_are_six_messages_in_one_record()
    {
        var json = File.ReadAllBytes(TestData.PathOf("peer-fixtures", "otel-awsfirehosereceiver", "cwlog", "multiple_resources"));
        using var reader = new FirehosePayloadReader();

        var result = reader.ReadCloudWatchLogs(json);

        Assert.Equal(["test", "test", "test2", "test2", "test2", "test2"], result.Messages.Select(m => PayloadAssert.Text(m.LogGroup)));
        Assert.Equal(["test", "test", "test1", "test2", "test1", "test2"], result.Messages.Select(m => PayloadAssert.Text(m.LogStream)));
        Assert.Equal(
            ["first", "second", "third", "fourth", "fifth", "sixth"],
            PayloadAssert.Events(result).Select(e => e.Message.Split(' ')[5]));
        Assert.Equal(1725594035523L, PayloadAssert.Events(result)[^1].Timestamp);
    }

    [SharedDataFact]
    public void OpenTelemetry_only_control_is_a_control_message_and_no_data()
    {
        var json = File.ReadAllBytes(TestData.PathOf("peer-fixtures", "otel-awsfirehosereceiver", "cwlog", "only_control"));
        using var reader = new FirehosePayloadReader();

        var result = reader.ReadCloudWatchLogs(FirehoseBody.Gzip(json));

        var message = Assert.Single(result.Messages);
        Assert.Equal(CloudWatchLogsMessageType.Control, message.MessageType);
        Assert.False(message.IsData);
        Assert.Equal("CloudwatchLogs", PayloadAssert.Text(message.Owner));
        Assert.Empty(message.SubscriptionFilters);
        Assert.Equal("CWL CONTROL MESSAGE: Checking health of destination Firehose.", Assert.Single(message.LogEvents).GetMessageString());
        Assert.Empty(PayloadAssert.Events(result));
    }

    [SharedDataTheory]
    [InlineData("invalid_records")]
    [InlineData("some_invalid_records")]
    public void OpenTelemetry_records_that_are_not_CloudWatch_Logs_fail_whole_with_their_raw_bytes(string file)
    {
        var json = File.ReadAllBytes(TestData.PathOf("peer-fixtures", "otel-awsfirehosereceiver", "cwlog", file));
        using var reader = new FirehosePayloadReader();

        var result = reader.ReadCloudWatchLogs(json);

        Assert.Equal(PayloadStatus.NotCloudWatchLogs, result.Status);
        Assert.NotNull(result.ErrorMessage);
        Assert.Empty(result.Messages);
        Assert.Equal(json, result.RawRecord.ToArray());
    }

    [SharedDataTheory]
    [InlineData("extracted_fields_both", "999888777666", "us-west-2")]
    [InlineData("extracted_fields_account_id", "999888777666", "")]
    [InlineData("extracted_fields_region", "", "us-west-2")]
    public void OpenTelemetry_extracted_fields_give_the_source_account_and_region(string file, string account, string region)
    {
        var json = File.ReadAllBytes(TestData.PathOf("peer-fixtures", "otel-awsfirehosereceiver", "cwlog", file));
        using var reader = new FirehosePayloadReader();

        var e = Assert.Single(Assert.Single(reader.ReadCloudWatchLogs(json).Messages).LogEvents);

        Assert.Equal(account, PayloadAssert.Text(e.AwsAccount));
        Assert.Equal(region, PayloadAssert.Text(e.AwsRegion));
        Assert.StartsWith("{\"@aws.", PayloadAssert.Text(e.ExtractedFields), StringComparison.Ordinal);
        Assert.EndsWith("\"}", PayloadAssert.Text(e.ExtractedFields), StringComparison.Ordinal);
    }

    [SharedDataFact]
    public void OpenTelemetry_two_events_from_different_accounts_keep_their_own_fields()
    {
        var json = File.ReadAllBytes(TestData.PathOf("peer-fixtures", "otel-awsfirehosereceiver", "cwlog", "two_records_different_extracted_fields"));
        using var reader = new FirehosePayloadReader();

        var events = Assert.Single(reader.ReadCloudWatchLogs(json).Messages).LogEvents;

        Assert.Equal(["111111111111", "222222222222"], events.Select(e => PayloadAssert.Text(e.AwsAccount)));
        Assert.Equal(["us-east-1", "us-west-2"], events.Select(e => PayloadAssert.Text(e.AwsRegion)));
        Assert.Equal(["First log from account 111", "Second log from account 222"], events.Select(e => e.GetMessageString()));
        Assert.Equal([1725544035523L, 1725544035524L], events.Select(e => e.TimestampMilliseconds));
    }

    [SharedDataFact]
    public void Alloy_mixed_delivery_is_a_control_record_then_thirteen_lambda_events()
    {
        var body = File.ReadAllBytes(TestData.PathOf("peer-fixtures", "grafana-alloy", "cw_logs_mixed.json"));
        Assert.True(FirehoseRequestParser.TryParse(body, default, new FirehoseParserOptions(), out var delivery, out var error), error?.Message);
        using (delivery)
        {
            using var reader = new FirehosePayloadReader();
            var control = reader.Read(delivery.Records[0], FirehoseRecordFormat.Auto);
            var data = reader.Read(delivery.Records[1], FirehoseRecordFormat.Auto);

            Assert.Equal(FirehoseRecordFormat.CloudWatchLogs, control.Format);
            Assert.Equal(CloudWatchLogsMessageType.Control, Assert.Single(control.CloudWatchLogs.Messages).MessageType);
            var message = Assert.Single(data.CloudWatchLogs.Messages);
            Assert.Equal("366620023056", PayloadAssert.Text(message.Owner));
            Assert.Equal("/aws/lambda/logging-lambda", PayloadAssert.Text(message.LogGroup));
            Assert.Equal("2023/05/18/[$LATEST]405d340d30f844c4ad376392489343f5", PayloadAssert.Text(message.LogStream));
            Assert.Equal(["test_lambdafunction_logfilter"], message.SubscriptionFilters.Select(PayloadAssert.Text));
            var events = PayloadAssert.Events(data.CloudWatchLogs);
            Assert.Equal(13, events.Count);
            Assert.Equal(("37563910511486759624444503250502373204917139759160229888", 1684424003641L), (events[0].Id, events[0].Timestamp));
            Assert.StartsWith("INIT_START Runtime Version: nodejs:18.v6\tRuntime Version ARN:", events[0].Message, StringComparison.Ordinal);
            Assert.Equal("END RequestId: 921a2a6d-5bd1-4797-8400-4688494b664b\n", events[11].Message);
            Assert.Equal(reader.DecompressedBytes, control.CloudWatchLogs.Json.Length + data.CloudWatchLogs.Json.Length);
        }
    }

    [SharedDataTheory]
    [InlineData("cw_logs_with_only_data_messages.json", 13, 0)]
    [InlineData("cw_logs_with_only_control_messages.json", 0, 1)]
    public void Alloy_deliveries_decode_the_same_when_the_parser_gunzipped_the_records(string file, int dataEvents, int controlMessages)
    {
        var body = File.ReadAllBytes(TestData.PathOf("peer-fixtures", "grafana-alloy", file));
        foreach (var gunzipInParser in (bool[])[false, true])
        {
            Assert.True(FirehoseRequestParser.TryParse(body, default, new FirehoseParserOptions { DecompressGzipRecords = gunzipInParser }, out var delivery, out var error), error?.Message);
            using (delivery)
            {
                using var reader = new FirehosePayloadReader();
                var result = reader.ReadCloudWatchLogs(Assert.Single(delivery.Records));

                Assert.Equal(dataEvents, PayloadAssert.Events(result).Count);
                Assert.Equal(controlMessages, result.Messages.Count(m => m.MessageType == CloudWatchLogsMessageType.Control));
                Assert.Equal(gunzipInParser ? 0 : result.Json.Length, reader.DecompressedBytes);
            }
        }
    }
}
