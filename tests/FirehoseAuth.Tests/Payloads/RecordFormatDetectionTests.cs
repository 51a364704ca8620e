using System.Text;
using FirehoseAuth.Payloads;
using FirehoseAuth.Tests.Protocol;

namespace FirehoseAuth.Tests.Payloads;

public sealed class RecordFormatDetectionTests
{
    [Theory]
    [InlineData("{\"messageType\":\"DATA_MESSAGE\"}", FirehoseRecordFormat.CloudWatchLogs)]
    [InlineData("  {\"owner\":\"1\",\"messageType\":\"CONTROL_MESSAGE\"}", FirehoseRecordFormat.CloudWatchLogs)]
    [InlineData("{\"metric_stream_name\":\"s\",\"namespace\":\"AWS/EC2\"}\n{\"metric_stream_name\":\"s\"}", FirehoseRecordFormat.CloudWatchMetricsJson)]
    [InlineData("{\"CHANGE\":-0.23,\"PRICE\":4.8,\"TICKER_SYMBOL\":\"NGC\"}", FirehoseRecordFormat.Raw)]
    [InlineData("hola esto es una prueba", FirehoseRecordFormat.Raw)]
    [InlineData("", FirehoseRecordFormat.Raw)]
    public void Text_records_are_told_apart(string text, FirehoseRecordFormat expected)
        => Assert.Equal(expected, FirehosePayloadReader.Detect(Encoding.UTF8.GetBytes(text)));

    [Fact]
    public void Gzip_is_CloudWatch_Logs_and_varint_framed_protobuf_is_OpenTelemetry()
    {
        Assert.Equal(FirehoseRecordFormat.CloudWatchLogs, FirehosePayloadReader.Detect(FirehoseBody.Gzip(CloudWatchLogsJson.Control())));
        Assert.Equal(FirehoseRecordFormat.CloudWatchMetricsOpenTelemetry, FirehosePayloadReader.Detect([0x03, 0x0A, 0x01, 0x00, 0x02, 0x08, 0x01]));
        Assert.Equal(FirehoseRecordFormat.Raw, FirehosePayloadReader.Detect([0x03, 0x0A, 0x01]));
    }

    [Fact]
    public void Auto_reads_each_record_in_its_own_format_and_flags_the_unknown()
    {
        using var reader = new FirehosePayloadReader();
        var unknown = reader.Read("plain text"u8.ToArray(), FirehoseRecordFormat.Auto);
        Assert.Equal((FirehoseRecordFormat.Raw, PayloadStatus.UnknownFormat), (unknown.Format, unknown.Status));
        Assert.Equal(PayloadStatus.Ok, reader.Read("plain text"u8.ToArray(), FirehoseRecordFormat.Raw).Status);
        Assert.Equal(CloudWatchLogsMessageType.Control, reader.Read(CloudWatchLogsJson.Control(), FirehoseRecordFormat.Auto).CloudWatchLogs.Messages[0].MessageType);
    }
}
