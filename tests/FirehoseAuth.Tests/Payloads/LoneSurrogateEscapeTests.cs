using System.Text;
using FirehoseAuth.Payloads;
using FirehoseAuth.Tests.Protocol;

namespace FirehoseAuth.Tests.Payloads;

/// <summary>
/// Regression (found by the fuzz target's payload part, input <c>fuzz/regressions/lone-surrogate-property-name</c>): a
/// <c>\u</c> escape that is not valid UTF-16 made <c>Utf8JsonReader</c> throw out of the decoders and the detector.
/// </summary>
public sealed class LoneSurrogateEscapeTests
{
    [Theory]
    [InlineData("""{"\uDDDD":1,"messageType":"DATA_MESSAGE","logEvents":[]}""")]
    [InlineData("""{"messageType":"DATA_MESSAGE","logEvents":[{"id":"1","timestamp":1,"message":"a\uD800b"}]}""")]
    [InlineData("""{"messageType":"DATA_MESSAGE","logGroup":"\uDC00","logEvents":[]}""")]
    public void A_CloudWatch_Logs_record_with_a_lone_surrogate_fails_as_invalid_json_with_its_raw_bytes(string json)
    {
        var record = Encoding.UTF8.GetBytes(json);
        using var reader = new FirehosePayloadReader();

        var plain = reader.ReadCloudWatchLogs(record);
        var gzipped = FirehoseBody.Gzip(record);
        var unzipped = reader.ReadCloudWatchLogs(gzipped);

        Assert.Equal((PayloadStatus.InvalidJson, 0), (plain.Status, plain.Messages.Count));
        Assert.Equal(record, plain.RawRecord.ToArray());
        Assert.False(string.IsNullOrEmpty(plain.ErrorMessage));
        Assert.Equal(PayloadStatus.InvalidJson, unzipped.Status);
        Assert.Equal(gzipped, unzipped.RawRecord.ToArray());
    }

    [Theory]
    [InlineData("""{"metric_name":"m","namespace":"n","timestamp":1,"value":{"max":1},"\uDDDD":0}""")]
    [InlineData("""{"metric_name":"m","namespace":"n","timestamp":1,"value":{"max":1},"dimensions":{"InstanceId":"i-\uDBFF"}}""")]
    public void A_metric_stream_record_with_a_lone_surrogate_fails_as_invalid_json_with_its_raw_bytes(string json)
    {
        var record = Encoding.UTF8.GetBytes(json);
        using var reader = new FirehosePayloadReader();

        var result = reader.ReadCloudWatchMetricsJson(record);

        Assert.Equal((PayloadStatus.InvalidJson, 0), (result.Status, result.Metrics.Count));
        Assert.Equal(record, result.RawRecord.ToArray());
    }

    [Fact]
    public void Detection_of_a_member_name_with_a_lone_surrogate_finds_no_format_and_the_reader_goes_on()
    {
        // Two escapes: a name whose escaped form is shorter than "messageType" is never unescaped to be compared.
        var record = """{"\uDDDD\uDDDD":1,"messageType":"DATA_MESSAGE","logEvents":[]}"""u8.ToArray();
        using var reader = new FirehosePayloadReader();

        var auto = reader.Read(record, FirehoseRecordFormat.Auto);
        var next = reader.ReadCloudWatchLogs(CloudWatchLogsJson.Control());

        Assert.Equal(FirehoseRecordFormat.Raw, FirehosePayloadReader.Detect(record));
        Assert.Equal((FirehoseRecordFormat.Raw, PayloadStatus.UnknownFormat), (auto.Format, auto.Status));
        Assert.Equal(CloudWatchLogsMessageType.Control, next.Messages[0].MessageType);
    }
}
