using System.IO.Compression;
using System.Text;
using System.Text.Json;
using BenchmarkDotNet.Attributes;
using FirehoseAuth.Payloads;

namespace FirehoseAuth.Benchmarks.Payloads;

/// <summary>
/// A delivery of 500 gzip'd CloudWatch Logs records × 50 events: the decoder against the naive code (GZipStream +
/// JsonSerializer into classes per record) and against gunzip alone (the floor). One operation = one delivery.
/// </summary>
[MemoryDiagnoser]
public class CloudWatchLogsBenchmarks
{
    /// <summary>The log events in one operation (one delivery): 500 records × 50 events.</summary>
    public const int EventsPerOperation = Records * EventsPerRecord;

    private const int Records = 500;
    private const int EventsPerRecord = 50;
    private static readonly JsonSerializerOptions Web = new(JsonSerializerDefaults.Web);
    private readonly byte[] _scratch = new byte[1 << 20];
    private byte[][] _records = [];
    private FirehosePayloadReader _reader = null!;

    [GlobalSetup]
    public void Setup()
    {
        _records = [.. Enumerable.Range(0, Records).Select(r => Gzip(Message(r)))];
        _reader = new FirehosePayloadReader();
        if (Decoder() != Naive() || Naive() != (long)Records * EventsPerRecord * 1_700_000_000_000 + Checksum())
        {
            throw new InvalidOperationException("The decoder and the naive code disagree.");
        }
    }

    [GlobalCleanup]
    public void Cleanup() => _reader.Dispose();

    [Benchmark(Baseline = true)]
    public long Naive()
    {
        long sum = 0;
        foreach (var record in _records)
        {
            using var gzip = new GZipStream(new MemoryStream(record), CompressionMode.Decompress);
            var message = JsonSerializer.Deserialize<NaiveLogsMessage>(gzip, Web)!;
            foreach (var e in message.LogEvents!)
            {
                sum += e.Timestamp + Encoding.UTF8.GetByteCount(e.Message!);
            }
        }

        return sum;
    }

    [Benchmark]
    public long Decoder()
    {
        _reader.Reset();
        long sum = 0;
        foreach (var record in _records)
        {
            foreach (var message in _reader.ReadCloudWatchLogs(record).Messages)
            {
                foreach (var e in message.LogEvents)
                {
                    sum += e.TimestampMilliseconds + e.Message.Length;
                }
            }
        }

        return sum;
    }

    [Benchmark]
    public long GunzipAlone()
    {
        long sum = 0;
        foreach (var record in _records)
        {
            using var gzip = new GZipStream(new MemoryStream(record), CompressionMode.Decompress);
            int read;
            while ((read = gzip.Read(_scratch)) > 0)
            {
                sum += read;
            }
        }

        return sum;
    }

    /// <summary>
    /// The floor for any decoder of these records: gunzip each one, then walk its JSON tokens once with
    /// <see cref="Utf8JsonReader"/> (no field matching, no unescaping, nothing stored).
    /// </summary>
    [Benchmark]
    public long GunzipThenTokenize()
    {
        long sum = 0;
        foreach (var record in _records)
        {
            using var gzip = new GZipStream(new MemoryStream(record), CompressionMode.Decompress);
            int length = 0, read;
            while ((read = gzip.Read(_scratch.AsSpan(length))) > 0)
            {
                length += read;
            }

            var reader = new Utf8JsonReader(_scratch.AsSpan(0, length));
            while (reader.Read())
            {
                sum += (int)reader.TokenType;
            }
        }

        return sum;
    }

    private static long Checksum()
        => Enumerable.Range(0, Records).Sum(r => Enumerable.Range(0, EventsPerRecord).Sum(i => (long)i + Encoding.UTF8.GetByteCount(EventText(r, i))));

    private static string EventText(int record, int i) => $"2024-01-01T00:00:{i % 60:00}.000Z\tINFO\trequest {record}-{i} \"GET /items/{i}\" handled in {i % 97} ms\n";

    private static byte[] Message(int record)
    {
        using var stream = new MemoryStream();
        using (var writer = new Utf8JsonWriter(stream))
        {
            writer.WriteStartObject();
            writer.WriteString("messageType", "DATA_MESSAGE");
            writer.WriteString("owner", "123456789012");
            writer.WriteString("logGroup", "/aws/lambda/app");
            writer.WriteString("logStream", "2024/01/01/[$LATEST]0123456789abcdef");
            writer.WriteStartArray("subscriptionFilters");
            writer.WriteStringValue("all");
            writer.WriteEndArray();
            writer.WriteStartArray("logEvents");
            for (var i = 0; i < EventsPerRecord; i++)
            {
                writer.WriteStartObject();
                writer.WriteString("id", $"375639105114867596244445032505023732049171397591{record:00000}{i:000}");
                writer.WriteNumber("timestamp", 1_700_000_000_000 + i);
                writer.WriteString("message", EventText(record, i));
                writer.WriteEndObject();
            }

            writer.WriteEndArray();
            writer.WriteEndObject();
        }

        return stream.ToArray();
    }

    private static byte[] Gzip(byte[] data)
    {
        using var stream = new MemoryStream();
        using (var gzip = new GZipStream(stream, CompressionLevel.Optimal, leaveOpen: true))
        {
            gzip.Write(data);
        }

        return stream.ToArray();
    }
}
