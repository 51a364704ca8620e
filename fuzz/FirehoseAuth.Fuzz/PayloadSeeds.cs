using System.Text;

namespace FirehoseAuth.Fuzz;

/// <summary>
/// Records of each payload format, written here from the formats' descriptions (no copied data): a CloudWatch Logs
/// <c>DATA_MESSAGE</c> (gzip'd, two members, and plain), a <c>CONTROL_MESSAGE</c>, Metric Streams JSON lines, and two
/// varint-framed OpenTelemetry <c>ExportMetricsServiceRequest</c> messages encoded by hand.
/// </summary>
internal static class PayloadSeeds
{
    private const string DataMessage = """
        {"messageType":"DATA_MESSAGE","owner":"123456789012","logGroup":"/aws/lambda/fuzz","logStream":"2026/01/01/[$LATEST]0f","subscriptionFilters":["all","errors"],"policyLevel":"ACCOUNT_LEVEL_POLICY","logEvents":[{"id":"37563910511486759624444503250502373204917139759100000","timestamp":1767225600000,"message":"START \"quoted\" \u00e9\t\\ done\n"},{"id":"37563910511486759624444503250502373204917139759100001","timestamp":1767225600001,"message":"{\"level\":\"error\"}","extractedFields":{"@aws.account":"210987654321","@aws.region":"eu-west-1","n":[1,{"x":null}]}}]}
        """;

    private const string ControlMessage = """
        {"messageType":"CONTROL_MESSAGE","owner":"CloudwatchLogs","logGroup":"","logStream":"","subscriptionFilters":[],"logEvents":[{"id":"","timestamp":1767225600000,"message":"CWL CONTROL MESSAGE: Checking health of destination Firehose."}]}
        """;

    private const string MetricLines = """
        {"metric_stream_name":"fuzz","account_id":"123456789012","region":"us-east-1","namespace":"AWS/EC2","metric_name":"CPUUtilization","dimensions":{"InstanceId":"i-0123456789abcdef0"},"timestamp":1767225600000,"value":{"max":12.5,"min":0.25,"sum":30,"count":3.0,"p99":12.0},"unit":"Percent"}
        {"metric_stream_name":"fuzz","account_id":"123456789012","region":"us-east-1","namespace":"AWS/SQS","metric_name":"NumberOfMessagesSent","dimensions":{},"timestamp":1767225660000,"value":{"max":1,"min":1,"sum":1,"count":1},"unit":"Count"}

        """;

    /// <summary>The records, each once; the corpus adds each raw and inside a delivery.</summary>
    public static IEnumerable<byte[]> Records()
    {
        var data = Encoding.UTF8.GetBytes(DataMessage);
        var control = Encoding.UTF8.GetBytes(ControlMessage);
        yield return SeedCorpus.Gzip(data);
        yield return [.. SeedCorpus.Gzip(control), .. SeedCorpus.Gzip(data)];
        yield return data;
        yield return SeedCorpus.Gzip(control);
        yield return Encoding.UTF8.GetBytes(MetricLines);
        yield return SeedCorpus.Gzip(Encoding.UTF8.GetBytes(MetricLines));
        yield return [.. Framed(ExportRequest("CPUUtilization", 12.5)), .. Framed(ExportRequest("NetworkIn", 4096))];
    }

    /// <summary>
    /// An <c>ExportMetricsServiceRequest</c>: resource_metrics (1) { resource (1) { attributes (1) { key (1), value (2) { string_value (1) } } },
    /// scope_metrics (2) { metrics (2) { name (1), unit (3), gauge (5) { data_points (1) { time_unix_nano (3, fixed64), as_double (4, double) } } } } }.
    /// </summary>
    private static byte[] ExportRequest(string name, double value)
    {
        var attribute = Concat(Field(1, "cloud.provider"u8), Field(2, Field(1, "aws"u8)));
        var point = Concat([(3 << 3) | 1, .. BitConverter.GetBytes(1_767_225_600_000_000_000UL)], [(4 << 3) | 1, .. BitConverter.GetBytes(value)]);
        var metric = Concat(Field(1, Encoding.UTF8.GetBytes(name)), Field(3, "1"u8), Field(5, Field(1, point)));
        return Field(1, Concat(Field(1, Field(1, attribute)), Field(2, Field(2, metric))));
    }

    private static byte[] Framed(byte[] message) => [.. Varint((ulong)message.Length), .. message];

    /// <summary>A length-delimited field (wire type 2).</summary>
    private static byte[] Field(int number, ReadOnlySpan<byte> content) => [.. Varint((ulong)((number << 3) | 2)), .. Varint((ulong)content.Length), .. content];

    private static byte[] Concat(params byte[][] parts) => [.. parts.SelectMany(p => p)];

    private static byte[] Varint(ulong value)
    {
        var bytes = new List<byte>();
        do
        {
            var b = (byte)(value & 0x7F);
            value >>= 7;
            bytes.Add(value == 0 ? b : (byte)(b | 0x80));
        }
        while (value != 0);

        return [.. bytes];
    }
}
