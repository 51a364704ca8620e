using System.Buffers;
using System.Text;
using System.Text.Encodings.Web;
using System.Text.Json;
using System.Text.Unicode;
using BenchmarkDotNet.Attributes;
using FirehoseAuth.Protocol;
using FirehoseReceiver;

namespace FirehoseAuth.Benchmarks.Host;

/// <summary>
/// The FirehoseReceiver sample's NDJSON output path for one delivery, to a stream that discards: its
/// <see cref="NdjsonRecordWriter"/> against one <see cref="Utf8JsonWriter"/> line per record (what it did before,
/// <c>Baseline</c>), beside the ceiling: copying the same output bytes. Shapes: (a) 500 × 2 KiB and (b) 10,000 × 100 B
/// JSON log lines (full of <c>"</c>, a few <c>\n</c> and non-ASCII). Output bytes per delivery are printed at setup
/// (GB/s = those bytes ÷ the median).
/// </summary>
[MemoryDiagnoser]
public class NdjsonWriterBenchmarks
{
    private static readonly JsonWriterOptions Relaxed = new() { Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping };

    private readonly ArrayBufferWriter<byte> _lines = new(1 << 21);
    private FirehoseDelivery _delivery = null!;
    private NdjsonRecordWriter _writer = null!;
    private Utf8JsonWriter _json = null!;
    private byte[] _expected = null!;
    private byte[] _copy = null!;

    [Params("A: 500 x 2 KiB", "B: 10000 x 100 B")]
    public string Shape { get; set; } = "";

    [GlobalSetup]
    public void Setup()
    {
        var (count, size) = Shape[0] == 'A' ? (500, 2048) : (10_000, 100);
        var random = new Random(18);
        var requestId = Guid.NewGuid().ToString();
        var body = new StringBuilder($"{{\"requestId\":\"{requestId}\",\"timestamp\":1764331200000,\"records\":[");
        for (var i = 0; i < count; i++)
        {
            body.Append(i == 0 ? "" : ",").Append("{\"data\":\"").Append(Convert.ToBase64String(Encoding.UTF8.GetBytes(LogLine(size, random)))).Append("\"}");
        }

        var bytes = Encoding.UTF8.GetBytes(body.Append("]}").ToString());
        if (!FirehoseRequestParser.TryParse(bytes, new FirehoseRequestHeaders { RequestId = requestId }, new FirehoseParserOptions(), out var delivery, out var error))
        {
            throw new InvalidOperationException(error.Message);
        }

        _delivery = delivery;
        _writer = new NdjsonRecordWriter(Stream.Null);
        _json = new Utf8JsonWriter(_lines, Relaxed);

        // Verify before timing: the writer's lines parse to the values of the JSON writer's lines.
        using var ours = new MemoryStream();
        new NdjsonRecordWriter(ours).WriteAsync(delivery, CancellationToken.None).AsTask().GetAwaiter().GetResult();
        _expected = ours.ToArray();
        FormatWithJsonWriter();
        var theirs = Encoding.UTF8.GetString(_lines.WrittenSpan).Split('\n');
        var mine = Encoding.UTF8.GetString(_expected).Split('\n');
        if (theirs.Length != count + 1 || mine.Length != theirs.Length || !theirs.Zip(mine).All(p => p.First.Length == 0 ? p.Second.Length == 0 : SameValues(p.First, p.Second)))
        {
            throw new InvalidOperationException("The writer's lines differ from the JSON writer's.");
        }

        _copy = new byte[_expected.Length];
        Console.WriteLine($"// NDJSON output per delivery, {Shape}: {_expected.Length} bytes");
    }

    [GlobalCleanup]
    public void Cleanup()
    {
        _delivery.Dispose();
        _json.Dispose();
    }

    [Benchmark(Description = "ceiling: copy the output bytes")]
    public int CopyOutput()
    {
        _expected.CopyTo(_copy.AsSpan());
        return _copy.Length;
    }

    [Benchmark(Baseline = true, Description = "Utf8JsonWriter per line (UnsafeRelaxedJsonEscaping)")]
    public int JsonWriterPerLine()
    {
        FormatWithJsonWriter();
        Stream.Null.Write(_lines.WrittenSpan);
        return _lines.WrittenCount;
    }

    [Benchmark(Description = "NdjsonRecordWriter")]
    public ValueTask NdjsonWriter() => _writer.WriteAsync(_delivery, CancellationToken.None);

    private void FormatWithJsonWriter()
    {
        _lines.ResetWrittenCount();
        var index = 0;
        foreach (var record in _delivery.Records)
        {
            _json.Reset();
            _json.WriteStartObject();
            _json.WriteString("requestId"u8, _delivery.RequestId);
            _json.WriteNumber("timestamp"u8, _delivery.TimestampMilliseconds);
            _json.WriteNumber("index"u8, index++);
            if (Utf8.IsValid(record.Span))
            {
                _json.WriteString("data"u8, record.Span);
            }
            else
            {
                _json.WriteBase64String("dataBase64"u8, record.Span);
            }

            _json.WriteEndObject();
            _json.Flush();
            _lines.Write("\n"u8);
        }
    }

    private static bool SameValues(string a, string b)
    {
        using var x = JsonDocument.Parse(a);
        using var y = JsonDocument.Parse(b);
        return x.RootElement.EnumerateObject().Select(p => p.Name + "=" + p.Value).SequenceEqual(y.RootElement.EnumerateObject().Select(p => p.Name + "=" + p.Value));
    }

    /// <summary>A structured log line of about <paramref name="size"/> bytes: quoted fields, a stack with newlines, some non-ASCII.</summary>
    private static string LogLine(int size, Random random)
    {
        var line = new StringBuilder("{\"level\":\"info\",\"ts\":\"2026-11-28T12:00:00.000Z\",\"logger\":\"orders\",\"msg\":\"");
        while (line.Length < size - 40)
        {
            line.Append(random.Next(12) switch
            {
                0 => "\\\"quoted\\\" ",
                1 => "\\n\\tat Orders.Handle() ",
                2 => "café ",
                _ => (char)('a' + random.Next(26)) + "bcdefghij ",
            });
        }

        return line.Append("\",\"user\":\"u-").Append(random.Next(1000)).Append("\"}").ToString();
    }
}
