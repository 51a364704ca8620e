using System.IO.Compression;
using System.Text;

namespace FirehoseAuth.LoadTest;

/// <summary>A fixed mix of deliveries: several sizes of JSON log lines, plain and gzip'd.</summary>
internal static class Deliveries
{
    public sealed record Delivery(string RequestId, byte[] Body, bool Gzip, int Records);

    public static IReadOnlyList<Delivery> CreateMix()
    {
        var random = new Random(20261128);
        var list = new List<Delivery>();
        foreach (var (count, size) in new[] { (50, 2048), (500, 100), (1, 256 * 1024), (5, 1000) })
        {
            foreach (var gzip in new[] { false, true })
            {
                var requestId = Guid.NewGuid().ToString();
                var json = Body(requestId, count, size, random);
                list.Add(new Delivery(requestId, gzip ? Compress(json) : json, gzip, count));
            }
        }

        return list;
    }

    private static byte[] Body(string requestId, int count, int size, Random random)
    {
        var sb = new StringBuilder();
        sb.Append("{\"requestId\":\"").Append(requestId).Append("\",\"timestamp\":1764331200000,\"records\":[");
        for (var i = 0; i < count; i++)
        {
            var line = new StringBuilder("{\"level\":\"info\",\"msg\":\"");
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
