using System.Text;
using FirehoseAuth.Payloads;
using FirehoseAuth.Protocol;
using FirehoseAuth.Tests.Protocol;

namespace FirehoseAuth.Tests.Payloads;

/// <summary>CloudWatch Logs records the tests build: expectations come from <see cref="System.Text.Json.JsonDocument"/>.</summary>
public sealed class CloudWatchLogsReaderTests
{
    [Fact]
    public void Many_events_decode_in_order_with_their_exact_fields()
    {
        var json = CloudWatchLogsJson.Data(CloudWatchLogsJson.Events(5000), policyLevel: "ACCOUNT_LEVEL_POLICY", extraField: "unknownField");
        using var reader = new FirehosePayloadReader();

        var result = reader.ReadCloudWatchLogs(FirehoseBody.Gzip(json));

        Assert.Equal(CloudWatchLogsJson.ExpectedEvents(json), PayloadAssert.Events(result));
        Assert.Equal("ACCOUNT_LEVEL_POLICY", PayloadAssert.Text(result.Messages[0].PolicyLevel));
        Assert.Equal(json, result.Json.ToArray());
    }

    [Fact]
    public void A_multi_member_gzip_record_holds_one_message_per_member()
    {
        var first = CloudWatchLogsJson.Data(CloudWatchLogsJson.Events(3), logGroup: "one");
        var second = CloudWatchLogsJson.Data(CloudWatchLogsJson.Events(2, seed: 7), logGroup: "two");
        using var reader = new FirehosePayloadReader();

        byte[] record = [.. FirehoseBody.Gzip(first), .. FirehoseBody.Gzip(CloudWatchLogsJson.Control()), .. FirehoseBody.Gzip(second)];
        var result = reader.ReadCloudWatchLogs(record);

        Assert.Equal([CloudWatchLogsMessageType.Data, CloudWatchLogsMessageType.Control, CloudWatchLogsMessageType.Data], result.Messages.Select(m => m.MessageType));
        Assert.Equal(["one", "", "two"], result.Messages.Select(m => PayloadAssert.Text(m.LogGroup)));
        Assert.Equal([.. CloudWatchLogsJson.ExpectedEvents(first), .. CloudWatchLogsJson.ExpectedEvents(second)], PayloadAssert.Events(result));
    }

    [Theory]
    [InlineData("plain ascii")]
    [InlineData("tab\tnewline\nquote\"backslash\\slash/")]
    [InlineData("unicode é 漢字 🦆 and \u0001 control")]
    [InlineData("")]
    public void Messages_come_out_unescaped_as_utf8(string message)
    {
        var json = CloudWatchLogsJson.Data([new("1", 5, message)]);
        using var reader = new FirehosePayloadReader();

        var e = Assert.Single(reader.ReadCloudWatchLogs(json).Messages[0].LogEvents);

        Assert.Equal(Encoding.UTF8.GetBytes(message), e.Message.ToArray());
        Assert.Equal(message, e.GetMessageString());
    }

    [Fact]
    public void Escaped_header_fields_and_filter_names_are_unescaped()
    {
        var json = Encoding.UTF8.GetBytes("""{"messageType":"DATA_MESSAGE","owner":"1\u0032","logGroup":"/a\/b","logStream":"s\"t","subscriptionFilters":["f\u00e9"],"logEvents":[{"id":"x","timestamp":1,"message":"m"}]}""");
        using var reader = new FirehosePayloadReader();

        var message = Assert.Single(reader.ReadCloudWatchLogs(json).Messages);

        Assert.Equal(["12", "/a/b", "s\"t", "fé"], [PayloadAssert.Text(message.Owner), PayloadAssert.Text(message.LogGroup), PayloadAssert.Text(message.LogStream), PayloadAssert.Text(message.SubscriptionFilters[0])]);
    }

    [Fact]
    public void A_one_megabyte_message_survives_whole()
    {
        var message = string.Concat(Enumerable.Range(0, 1024 * 1024 / 16).Select(i => $"{i:x8}-é\"\\line\n"));
        var json = CloudWatchLogsJson.Data([new("1", 1, message), new("2", 2, "after")]);
        using var reader = new FirehosePayloadReader();

        var events = PayloadAssert.Events(reader.ReadCloudWatchLogs(FirehoseBody.Gzip(json)));

        Assert.Equal(message, events[0].Message);
        Assert.Equal("after", events[1].Message);
    }

    [Fact]
    public void Extracted_fields_other_than_the_aws_ones_stay_readable_as_raw_json()
    {
        var json = CloudWatchLogsJson.Data([new("1", 1, "m", new() { ["@aws.account"] = "111122223333", ["level"] = "warn", ["@aws.region"] = "eu-west-1" })]);
        using var reader = new FirehosePayloadReader();

        var e = reader.ReadCloudWatchLogs(json).Messages[0].LogEvents[0];

        Assert.Equal("111122223333", PayloadAssert.Text(e.AwsAccount));
        Assert.Equal("eu-west-1", PayloadAssert.Text(e.AwsRegion));
        Assert.Equal("""{"@aws.account":"111122223333","level":"warn","@aws.region":"eu-west-1"}""", PayloadAssert.Text(e.ExtractedFields));
    }

    [Fact]
    public void Bad_records_beside_good_ones_fail_alone_and_keep_their_bytes()
    {
        var good = FirehoseBody.Gzip(CloudWatchLogsJson.Data(CloudWatchLogsJson.Events(4)));
        var truncated = good[..^6];
        byte[][] records =
        [
            good,
            truncated,
            FirehoseBody.Gzip("{\"messageType\":\"DATA_MESSAGE\",\"logEvents\":[{\"id\":\"1\",\"timestamp\":1,"u8.ToArray()),
            FirehoseBody.Gzip("{\"messageType\":\"DATA_MESSAGE\",\"logEvents\":[{\"id\":\"1\",\"timestamp\":\"soon\",\"message\":\"m\"}]}"u8.ToArray()),
            FirehoseBody.Gzip("{\"messageType\":\"SOMETHING_ELSE\",\"logEvents\":[]}"u8.ToArray()),
            "not json at all"u8.ToArray(),
            [],
            good,
        ];
        Assert.True(FirehoseRequestParser.TryParse(FirehoseBody.With(records), default, new FirehoseParserOptions(), out var delivery, out var error), error?.Message);
        using (delivery)
        {
            using var reader = new FirehosePayloadReader();
            var results = delivery.Records.Select(r => reader.ReadCloudWatchLogs(r)).ToArray();

            Assert.Equal(
                [PayloadStatus.Ok, PayloadStatus.CorruptGzip, PayloadStatus.InvalidJson, PayloadStatus.NotCloudWatchLogs, PayloadStatus.NotCloudWatchLogs, PayloadStatus.InvalidJson, PayloadStatus.InvalidJson, PayloadStatus.Ok],
                results.Select(r => r.Status));
            Assert.All(results.Zip(records), pair => Assert.Equal(pair.Second, pair.First.RawRecord.ToArray()));
            Assert.All(results.Where(r => !r.IsSuccess), r => Assert.Empty(r.Messages));
            Assert.Equal(PayloadAssert.Events(results[0]), PayloadAssert.Events(results[^1]));
            Assert.Equal(4, PayloadAssert.Events(results[0]).Count);
        }
    }

    [Fact]
    public void The_record_cap_and_the_delivery_cap_are_each_reported()
    {
        var json = CloudWatchLogsJson.Data(CloudWatchLogsJson.Events(200));
        var gzip = FirehoseBody.Gzip(json);
        using (var reader = new FirehosePayloadReader(new FirehoseParserOptions { MaxDecompressedRecordSize = json.Length - 1 }))
        {
            Assert.Equal(PayloadStatus.DecompressedRecordTooLarge, reader.ReadCloudWatchLogs(gzip).Status);
        }

        using (var reader = new FirehosePayloadReader(new FirehoseParserOptions { MaxDecompressedRecordSize = json.Length }))
        {
            Assert.True(reader.ReadCloudWatchLogs(gzip).IsSuccess);
        }

        using (var reader = new FirehosePayloadReader(new FirehoseParserOptions { MaxDecompressedDeliverySize = (2L * json.Length) + 10 }))
        {
            Assert.True(reader.ReadCloudWatchLogs(gzip).IsSuccess);
            Assert.True(reader.ReadCloudWatchLogs(gzip).IsSuccess);
            var third = reader.ReadCloudWatchLogs(gzip);
            Assert.Equal(PayloadStatus.DecompressedDeliveryTooLarge, third.Status);
            Assert.Equal(gzip, third.RawRecord.ToArray());
            Assert.True(reader.ReadCloudWatchLogs(json).IsSuccess); // not gzip'd: nothing to gunzip, nothing counted
            reader.Reset();
            Assert.True(reader.ReadCloudWatchLogs(gzip).IsSuccess);
        }
    }

    [Fact]
    public void Results_stay_valid_until_reset_then_refuse_to_be_read()
    {
        using var reader = new FirehosePayloadReader();
        var first = reader.ReadCloudWatchLogs(FirehoseBody.Gzip(CloudWatchLogsJson.Data(CloudWatchLogsJson.Events(3), logGroup: "first")));
        for (var i = 0; i < 50; i++)
        {
            reader.ReadCloudWatchLogs(FirehoseBody.Gzip(CloudWatchLogsJson.Data(CloudWatchLogsJson.Events(300, seed: i))));
        }

        Assert.Equal("first", PayloadAssert.Text(first.Messages[0].LogGroup));
        Assert.Equal(3, first.Messages[0].LogEvents.Count);

        reader.Reset();
        Assert.Throws<ObjectDisposedException>(() => first.Messages.Count);
        reader.Dispose();
        Assert.Throws<ObjectDisposedException>(() => reader.ReadCloudWatchLogs(CloudWatchLogsJson.Control()));
    }

    [Fact]
    public void A_warm_reader_allocates_nothing_per_event()
    {
        var records = Enumerable.Range(0, 20).Select(i => FirehoseBody.Gzip(CloudWatchLogsJson.Data(CloudWatchLogsJson.Events(i == 0 ? 1 : 500, seed: i)))).ToArray();
        using var reader = new FirehosePayloadReader();
        long Run()
        {
            reader.Reset();
            var before = GC.GetAllocatedBytesForCurrentThread();
            long sum = 0;
            foreach (var record in records)
            {
                foreach (var message in reader.ReadCloudWatchLogs(record).Messages)
                {
                    foreach (var e in message.LogEvents)
                    {
                        sum += e.Message.Length + e.TimestampMilliseconds;
                    }
                }
            }

            Assert.NotEqual(0, sum);
            return GC.GetAllocatedBytesForCurrentThread() - before;
        }

        Run();
        Run();
        Run();
        var allocated = Run();

        // The gunzip stream of each record allocates a little; 9,501 events must not add anything.
        Assert.True(allocated < records.Length * 1024, $"{allocated} bytes for {records.Length} records");
    }
}
