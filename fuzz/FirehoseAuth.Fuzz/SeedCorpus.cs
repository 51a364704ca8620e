using System.IO.Compression;
using System.Text;

namespace FirehoseAuth.Fuzz;

/// <summary>
/// Writes the seed corpus: bodies generated from the project's own test vectors, their gzip'd forms, payload records of
/// each format (<see cref="PayloadSeeds"/>, alone and inside a delivery), and, when the
/// shared peer fixtures are present, those bodies (read from <c>../shared/testdata</c>, never committed).
/// </summary>
internal static class SeedCorpus
{
    public static int Write(string directory, string? fixtures)
    {
        Directory.CreateDirectory(directory);
        var seeds = new List<(byte Flags, byte[] Body)>();
        foreach (var body in GeneratedBodies())
        {
            var utf8 = Encoding.UTF8.GetBytes(body);
            seeds.Add((0, utf8));
            seeds.Add((8, utf8));
            seeds.Add((2, Gzip(utf8)));
            seeds.Add((16, utf8));
        }

        var gzRecord = Convert.ToBase64String(Gzip(Encoding.UTF8.GetBytes("{\"messageType\":\"DATA_MESSAGE\",\"logEvents\":[]}")));
        seeds.Add((4, Encoding.UTF8.GetBytes($"{{\"requestId\":\"r\",\"timestamp\":1,\"records\":[{{\"data\":\"{gzRecord}\"}}]}}")));
        seeds.Add((1, [.. "{\"commonAttributes\":{\"env\":\"prod\",\"ü\":\"€\"}}"u8, 0, .. "{\"requestId\":\"r\",\"timestamp\":1,\"records\":[{\"data\":\"\"}]}"u8]));

        // Payload records (PayloadSeeds): raw as the whole input, with default and lowered caps, and as a delivery's
        // record, as delivered and with the parser's record gunzip on.
        foreach (var record in PayloadSeeds.Records())
        {
            seeds.Add((0, record));
            seeds.Add((16, record));
            var delivery = Encoding.UTF8.GetBytes($"{{\"requestId\":\"r\",\"timestamp\":1,\"records\":[{{\"data\":\"{Convert.ToBase64String(record)}\"}},{{\"data\":\"\"}}]}}");
            seeds.Add((0, delivery));
            seeds.Add((4, delivery));
        }

        if (fixtures is not null && Directory.Exists(fixtures))
        {
            foreach (var file in Directory.EnumerateFiles(fixtures, "*.json", SearchOption.AllDirectories))
            {
                var bytes = File.ReadAllBytes(file);
                if (bytes.AsSpan().IndexOf("\"records\""u8) >= 0)
                {
                    seeds.Add((4, bytes));
                }
            }
        }

        for (var i = 0; i < seeds.Count; i++)
        {
            File.WriteAllBytes(Path.Combine(directory, $"seed-{i:D3}"), [seeds[i].Flags, .. seeds[i].Body]);
        }

        return seeds.Count;
    }

    private static IEnumerable<string> GeneratedBodies()
    {
        yield return """{"requestId":"fuzz","timestamp":1578090901599,"records":[{"data":"aGVsbG8="},{"data":""},{"data":"d29ybGQ="}]}""";
        yield return """{"requestId":"fuzz","timestamp":1,"records":[{"data":"YQ=="}]}""";
        yield return """ { "timestamp" : 1 , "records" : [ { "data" : "YWJj" , "x" : [1,{"y":null}] } ] , "requestId" : "fuzz" } """;
        yield return """{"requestId":"fuzz","timestamp":1,"records":[{"data":"YW\/j\u0041A=="}]}""";
        yield return """{"requestId":"fuzz","timestamp":1734625715000000000,"records":[{"data":"Y3B1IHZhbHVlPTEgMTAK"}],"extra":{"a":[true,false]}}""";
        yield return """{"requestId":"fuzz","timestamp":1.5,"records":[]}""";
        yield return """{"requestId":"fuzz","records":[{"data":"!!!"}]}""";

        // Strings long enough for the block decoder (64 characters at a time, after a 256-character quote search),
        // ending with each padding.
        var bytes = Enumerable.Range(0, 400).Select(i => (byte)(i * 31)).ToArray();
        yield return $$"""{"requestId":"fuzz","timestamp":1,"records":[{"data":"{{Convert.ToBase64String(bytes)}}"},{"data":"{{Convert.ToBase64String(bytes, 0, 299)}}"},{"data":"{{Convert.ToBase64String(bytes, 0, 298)}}"}]}""";
    }

    public static byte[] Gzip(byte[] data)
    {
        using var output = new MemoryStream();
        using (var gzip = new GZipStream(output, CompressionLevel.Fastest))
        {
            gzip.Write(data);
        }

        return output.ToArray();
    }
}
