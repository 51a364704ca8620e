using System.IO.Compression;
using System.Text;

namespace FirehoseAuth.LoadTest;

/// <summary>
/// The deliveries a load run sends, by shape: (a) 500 × 2 KiB JSON log lines, (b) 10,000 × 100 B, (c) (a) gzip'd, or
/// the older mix of sizes; "small" is one delivery of one 100 B record (the start-up probe). Each shape is a few deliveries with their own request ids, sent in turn.
/// </summary>
internal static class Deliveries
{
    public const string Shapes = "a, b, c, mix or small";

    public sealed record Delivery(string RequestId, byte[] Body, bool Gzip, int Records);

    public static IReadOnlyList<Delivery> Create(string shape)
    {
        var random = new Random(20261128);
        return shape switch
        {
            "a" => Several(500, 2048, gzip: false, random),
            "b" => Several(10_000, 100, gzip: false, random),
            "c" => Several(500, 2048, gzip: true, random),
            "small" => [One(1, 100, gzip: false, random)],
            "mix" => [.. new[] { (50, 2048), (500, 100), (1, 256 * 1024), (5, 1000) }.SelectMany(s => new[] { One(s.Item1, s.Item2, false, random), One(s.Item1, s.Item2, true, random) })],
            _ => throw new ArgumentException($"Unknown shape '{shape}' (expected {Shapes})."),
        };
    }

    private static List<Delivery> Several(int count, int size, bool gzip, Random random)
        => [.. Enumerable.Range(0, 4).Select(_ => One(count, size, gzip, random))];

    private static Delivery One(int count, int size, bool gzip, Random random)
    {
        var requestId = Guid.NewGuid().ToString();
        var json = Body(requestId, count, size, random);
        return new Delivery(requestId, gzip ? Compress(json) : json, gzip, count);
    }

    private static byte[] Body(string requestId, int count, int size, Random random)
    {
        var sb = new StringBuilder();
        sb.Append("{\"requestId\":\"").Append(requestId).Append("\",\"timestamp\":1764331200000,\"records\":[");
        for (var i = 0; i < count; i++)
        {
            var line = new StringBuilder("{\"level\":\"info\",\"logger\":\"orders\",\"msg\":\"");
            while (line.Length < size - 2)
            {
                line.Append((char)('a' + random.Next(26)));
            }

            line.Append("\"}");
            sb.Append(i == 0 ? "" : ",").Append("{\"data\":\"").Append(Convert.ToBase64String(Encoding.UTF8.GetBytes(line.ToString()))).Append("\"}");
        }

        return Encoding.UTF8.GetBytes(sb.Append("]}").ToString());
    }

    private static byte[] Compress(byte[] data)
    {
        using var output = new MemoryStream();
        using (var gzip = new GZipStream(output, CompressionLevel.Fastest))
        {
            gzip.Write(data);
        }

        return output.ToArray();
    }
}
