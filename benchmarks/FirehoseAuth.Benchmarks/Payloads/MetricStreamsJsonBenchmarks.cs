using System.Text;
using System.Text.Json;
using BenchmarkDotNet.Attributes;
using FirehoseAuth.Payloads;

namespace FirehoseAuth.Benchmarks.Payloads;

/// <summary>Metric Streams JSON: 500 records × 20 metric lines, the decoder against JsonSerializer per line. One operation = one delivery.</summary>
[MemoryDiagnoser]
public class MetricStreamsJsonBenchmarks
{
    /// <summary>The metrics in one operation (one delivery): 500 records × 20 lines.</summary>
    public const int MetricsPerOperation = Records * MetricsPerRecord;

    private const int Records = 500;
    private const int MetricsPerRecord = 20;
    private byte[][] _records = [];
    private FirehosePayloadReader _reader = null!;

    [GlobalSetup]
    public void Setup()
    {
        _records = [.. Enumerable.Range(0, Records).Select(r => Encoding.UTF8.GetBytes(string.Concat(Enumerable.Range(0, MetricsPerRecord).Select(i =>
            $"{{\"metric_stream_name\":\"stream\",\"account_id\":\"123456789012\",\"region\":\"us-east-1\",\"namespace\":\"AWS/EC2\",\"metric_name\":\"CPUUtilization\",\"dimensions\":{{\"InstanceId\":\"i-{r:0000}{i:00000000}\"}},\"timestamp\":{1_700_000_000_000 + i},\"value\":{{\"max\":{i}.5,\"min\":0.25,\"sum\":{i * 3},\"count\":3.0}},\"unit\":\"Percent\"}}\n"))))];
        _reader = new FirehosePayloadReader();
        if (Math.Abs(Decoder() - Naive()) > 1e-6)
        {
            throw new InvalidOperationException("The decoder and the naive code disagree.");
        }
    }

    [GlobalCleanup]
    public void Cleanup() => _reader.Dispose();

    [Benchmark(Baseline = true)]
    public double Naive()
    {
        double sum = 0;
        foreach (var record in _records)
        {
            foreach (var line in Encoding.UTF8.GetString(record).Split('\n', StringSplitOptions.RemoveEmptyEntries))
            {
                var metric = JsonSerializer.Deserialize<NaiveMetric>(line)!;
                sum += metric.Value!["max"] + metric.Timestamp + metric.Dimensions!["InstanceId"].Length;
            }
        }

        return sum;
    }

    [Benchmark]
    public double Decoder()
    {
        _reader.Reset();
        double sum = 0;
        foreach (var record in _records)
        {
            foreach (var metric in _reader.ReadCloudWatchMetricsJson(record).Metrics)
            {
                sum += metric.Max + metric.TimestampMilliseconds + metric.Dimensions[0].Value.Length;
            }
        }

        return sum;
    }

    /// <summary>
    /// The floor for any decoder of these records: walk their JSON tokens once with <see cref="Utf8JsonReader"/> (no
    /// field matching, no number parsing, nothing stored).
    /// </summary>
    [Benchmark]
    public double TokenizeAlone()
    {
        double sum = 0;
        foreach (var record in _records)
        {
            var reader = new Utf8JsonReader(record, new JsonReaderOptions { AllowMultipleValues = true });
            while (reader.Read())
            {
                sum += (int)reader.TokenType;
            }
        }

        return sum;
    }
}
