using System.Diagnostics.Metrics;
using System.Net;
using System.Net.Sockets;
using System.Text;
using FirehoseAuth.Payloads;
using OpenTelemetry;
using OpenTelemetry.Exporter;
using OpenTelemetry.Metrics;

namespace FirehoseAuth.Tests.Payloads;

/// <summary>CloudWatch Metric Streams: JSON lines, and OpenTelemetry framing over real OTLP bytes from the .NET SDK.</summary>
public sealed class MetricStreamTests
{
    [SharedDataFact]
    public void OpenTelemetry_metric_stream_fixture_decodes_to_its_fields()
    {
        var json = File.ReadAllBytes(TestData.PathOf("peer-fixtures", "otel-awsfirehosereceiver", "cwmetricstream", "single_record"));
        using var reader = new FirehosePayloadReader();
        Assert.Equal(FirehoseRecordFormat.CloudWatchMetricsJson, FirehosePayloadReader.Detect(json));

        var metric = Assert.Single(reader.ReadCloudWatchMetricsJson(json).Metrics);

        Assert.Equal(["MyMetricStream", "1234567890", "us-east-1", "AWS/EC2", "DiskWriteOps", "Seconds"], new[] { metric.MetricStreamName, metric.AccountId, metric.Region, metric.Namespace, metric.MetricName, metric.Unit }.Select(PayloadAssert.Text));
        var dimension = Assert.Single(metric.Dimensions);
        Assert.Equal(("InstanceId", "i-123456789012"), (PayloadAssert.Text(dimension.Name), PayloadAssert.Text(dimension.Value)));
        Assert.Equal(1611929698000, metric.TimestampMilliseconds);
        Assert.Equal((18.0, 0.0, 20.0, 3.0), (metric.Max, metric.Min, metric.Sum, metric.Count));
        Assert.Empty(metric.Percentiles);
    }

    [Fact]
    public void Lines_with_percentiles_escapes_and_unknown_fields_decode_in_order()
    {
        var record = Encoding.UTF8.GetBytes(
            "{\"metric_stream_name\":\"s\",\"account_id\":\"1\",\"region\":\"r\",\"namespace\":\"AWS/Lambda\",\"metric_name\":\"Duration\",\"dimensions\":{\"Function\\u004eame\":\"f\\\"1\"},\"timestamp\":1700000000000,\"value\":{\"max\":9.5,\"min\":0.5,\"sum\":30,\"count\":6,\"p99\":9.25,\"p99.9\":9.5},\"unit\":\"Milliseconds\",\"extra\":[1,{\"a\":2}]}\n"
            + "{\"metric_stream_name\":\"s\",\"namespace\":\"AWS/EC2\",\"metric_name\":\"CPU\",\"dimensions\":{},\"timestamp\":1700000060000,\"value\":{\"max\":1,\"min\":1,\"sum\":1,\"count\":1},\"unit\":\"Percent\"}\n");
        using var reader = new FirehosePayloadReader();

        var metrics = reader.ReadCloudWatchMetricsJson(record).Metrics;

        Assert.Equal(["Duration", "CPU"], metrics.Select(m => PayloadAssert.Text(m.MetricName)));
        Assert.Equal(("FunctionName", "f\"1"), (PayloadAssert.Text(metrics[0].Dimensions[0].Name), PayloadAssert.Text(metrics[0].Dimensions[0].Value)));
        Assert.Equal([("p99", 9.25), ("p99.9", 9.5)], metrics[0].Percentiles.Select(p => (PayloadAssert.Text(p.Name), p.Value)));
        Assert.Equal(30, metrics[0].Sum);
        Assert.Empty(metrics[1].Dimensions);
        Assert.Equal(DateTimeOffset.FromUnixTimeMilliseconds(1700000060000), metrics[1].Timestamp);
    }

    [Theory]
    [InlineData("{\"namespace\":\"AWS/EC2\",\"metric_name\":\"CPU\",\"timestamp\":1}", PayloadStatus.NotCloudWatchMetrics)]
    [InlineData("{\"namespace\":\"AWS/EC2\",\"metric_name\":\"CPU\",\"timestamp\":1,\"value\":{\"max\":\"high\"}}", PayloadStatus.NotCloudWatchMetrics)]
    [InlineData("{\"namespace\":\"AWS/EC2\",\"metric_name\":\"CPU\",\"timestamp\":1,\"value\":{}}\n{\"namespace\":", PayloadStatus.InvalidJson)]
    [InlineData("", PayloadStatus.InvalidJson)]
    public void A_bad_line_fails_the_whole_record(string text, PayloadStatus expected)
    {
        using var reader = new FirehosePayloadReader();
        var result = reader.ReadCloudWatchMetricsJson(Encoding.UTF8.GetBytes(text));
        Assert.Equal(expected, result.Status);
        Assert.Empty(result.Metrics);
        Assert.Equal(text, PayloadAssert.Text(result.RawRecord));
    }

    [Fact]
    public async Task OpenTelemetry_records_split_into_the_exact_otlp_requests_the_sdk_sent()
    {
        var bodies = await CaptureOtlpExportsAsync();
        Assert.True(bodies.Count >= 2, $"{bodies.Count} export requests captured");
        var bytes = OtlpFraming.Frame(bodies);
        using var reader = new FirehosePayloadReader();
        Assert.Equal(FirehoseRecordFormat.CloudWatchMetricsOpenTelemetry, FirehosePayloadReader.Detect(bytes));

        var result = reader.ReadCloudWatchMetricsOpenTelemetry(bytes);

        Assert.True(result.IsSuccess, result.ErrorMessage);
        Assert.Equal(bodies, result.Messages.Select(m => m.ToArray()));
        Assert.All(result.Messages, m => Assert.True(System.Runtime.InteropServices.MemoryMarshal.TryGetArray(m, out var segment) && segment.Array == bytes));

        Assert.Equal(PayloadStatus.InvalidFraming, reader.ReadCloudWatchMetricsOpenTelemetry(bytes[..^1]).Status);
        Assert.Equal(PayloadStatus.InvalidFraming, reader.ReadCloudWatchMetricsOpenTelemetry(new byte[] { 0xFF, 0xFF, 0xFF, 0xFF, 0x0F, 0x0A }).Status);
        Assert.Equal(PayloadStatus.InvalidFraming, reader.ReadCloudWatchMetricsOpenTelemetry(new byte[] { 0x02, 0x07, 0x00 }).Status);
        Assert.Equal(PayloadStatus.InvalidFraming, reader.ReadCloudWatchMetricsOpenTelemetry(Array.Empty<byte>()).Status);
    }

    private static async Task<List<byte[]>> CaptureOtlpExportsAsync()
    {
        var port = FreePort();
        using var listener = new HttpListener();
        listener.Prefixes.Add($"http://127.0.0.1:{port}/");
        listener.Start();
        var bodies = new List<byte[]>();
        var serving = Task.Run(async () =>
        {
            while (listener.IsListening)
            {
                HttpListenerContext context;
                try
                {
                    context = await listener.GetContextAsync();
                }
                catch (HttpListenerException)
                {
                    return;
                }
                catch (ObjectDisposedException)
                {
                    return;
                }

                using var body = new MemoryStream();
                await context.Request.InputStream.CopyToAsync(body);
                lock (bodies)
                {
                    bodies.Add(body.ToArray());
                }

                context.Response.StatusCode = 200;
                context.Response.ContentType = "application/x-protobuf";
                context.Response.Close();
            }
        });

        using var meter = new Meter("FirehoseAuth.Tests.MetricStream");
        var counter = meter.CreateCounter<long>("requests");
        var histogram = meter.CreateHistogram<double>("duration", "ms");
        using (var provider = Sdk.CreateMeterProviderBuilder()
            .AddMeter(meter.Name)
            .AddOtlpExporter((exporter, reading) =>
            {
                exporter.Endpoint = new Uri($"http://127.0.0.1:{port}/v1/metrics");
                exporter.Protocol = OtlpExportProtocol.HttpProtobuf;
                reading.PeriodicExportingMetricReaderOptions.ExportIntervalMilliseconds = 3_600_000;
            })
            .Build())
        {
            counter.Add(3, new KeyValuePair<string, object?>("InstanceId", "i-1"));
            histogram.Record(12.5);
            Assert.True(provider.ForceFlush(10_000));
            counter.Add(4, new KeyValuePair<string, object?>("InstanceId", "i-2"));
            histogram.Record(99);
            Assert.True(provider.ForceFlush(10_000));
        }

        listener.Stop();
        await serving;
        lock (bodies)
        {
            return [.. bodies.Where(b => b.Length > 0)];
        }
    }

    private static int FreePort()
    {
        using var socket = new TcpListener(IPAddress.Loopback, 0);
        socket.Start();
        return ((IPEndPoint)socket.LocalEndpoint).Port;
    }
}
