using System.Buffers.Text;
using System.Globalization;
using System.IO.Compression;
using System.Text;

namespace FirehoseAuth.Benchmarks.Protocol;

/// <summary>A generated delivery: its records, the JSON body Firehose would send, and that body gzip'd.</summary>
public sealed class BenchmarkBody
{
    private BenchmarkBody(byte[][] records, byte[] json, (int Offset, int Length)[] dataStrings, byte[] gzip)
    {
        Records = records;
        Json = json;
        DataStrings = dataStrings;
        Gzip = gzip;
    }

    public byte[][] Records { get; }

    /// <summary>The compact JSON body, as Firehose sends it.</summary>
    public byte[] Json { get; }

    /// <summary>Where each record's base64 string is in <see cref="Json"/> (the base64 ceiling's pre-extracted offsets).</summary>
    public (int Offset, int Length)[] DataStrings { get; }

    /// <summary><see cref="Json"/> gzip'd (the fastest level, as Firehose's own compression is tuned for speed).</summary>
    public byte[] Gzip { get; }

    public static BenchmarkBody Create(BodyShape shape, PayloadKind payload)
    {
        var (count, size) = shape switch
        {
            BodyShape.A_500x2KiB => (500, 2048),
            BodyShape.B_10000x100B => (10_000, 100),
            BodyShape.C_1x4MiB => (1, 4 * 1024 * 1024),
            _ => throw new ArgumentOutOfRangeException(nameof(shape)),
        };

        var random = new Random(20240601 + (int)shape);
        var records = new byte[count][];
        for (var i = 0; i < count; i++)
        {
            records[i] = payload == PayloadKind.RandomBytes ? RandomBytes(random, size) : LogLines(random, size);
        }

        var json = new MemoryStream();
        json.Write("{\"requestId\":\"ed4acda5-034f-9f42-bba1-f29aea6d7d8f\",\"timestamp\":1578090901599,\"records\":["u8);
        var strings = new (int, int)[count];
        for (var i = 0; i < count; i++)
        {
            json.Write(i == 0 ? "{\"data\":\""u8 : ",{\"data\":\""u8);
            var encoded = new byte[Base64.GetMaxEncodedToUtf8Length(records[i].Length)];
            Base64.EncodeToUtf8(records[i], encoded, out _, out var written);
            strings[i] = ((int)json.Position, written);
            json.Write(encoded, 0, written);
            json.Write("\"}"u8);
        }

        json.Write("]}"u8);
        var body = json.ToArray();
        var gzip = new MemoryStream();
        using (var compressor = new GZipStream(gzip, CompressionLevel.Fastest, leaveOpen: true))
        {
            compressor.Write(body);
        }

        return new BenchmarkBody(records, body, strings, gzip.ToArray());
    }

    private static byte[] RandomBytes(Random random, int size)
    {
        var bytes = new byte[size];
        random.NextBytes(bytes);
        return bytes;
    }

    private static byte[] LogLines(Random random, int size)
    {
        string[] levels = ["INFO", "INFO", "INFO", "WARN", "DEBUG", "ERROR"];
        string[] loggers = ["app.Orders", "app.Payments", "app.Http", "app.Inventory"];
        var text = new StringBuilder(size + 256);
        while (text.Length < size)
        {
            text.Append(CultureInfo.InvariantCulture,
                $"{{\"ts\":\"2024-06-01T12:{random.Next(60):D2}:{random.Next(60):D2}.{random.Next(1000):D3}Z\",\"level\":\"{levels[random.Next(levels.Length)]}\",\"logger\":\"{loggers[random.Next(loggers.Length)]}\",\"msg\":\"order {random.Next(1_000_000)} shipped to customer {random.Next(100_000)}\",\"latencyMs\":{random.Next(2000)}}}\n");
        }

        return Encoding.UTF8.GetBytes(text.ToString(0, size));
    }
}
