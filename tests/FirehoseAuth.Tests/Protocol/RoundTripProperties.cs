using System.IO.Pipelines;
using System.Text;
using FirehoseAuth.Protocol;
using FsCheck;
using FsCheck.Xunit;

namespace FirehoseAuth.Tests.Protocol;

/// <summary>Any records, encoded as Firehose encodes them, decode back to the same bytes.</summary>
public sealed class RoundTripProperties
{
    [Property(MaxTest = 200)]
    public async Task Any_records_round_trip(NonEmptyArray<byte[]> generated)
    {
        var records = Records(generated);
        var delivery = await Parse.SucceedsAsync(FirehoseBody.With(records));
        Assert.Equal(records, delivery.Records);
    }

    [Property(MaxTest = 100)]
    public async Task Any_records_round_trip_in_a_gzip_body(NonEmptyArray<byte[]> generated)
    {
        var records = Records(generated);
        var delivery = await Parse.SucceedsAsync(FirehoseBody.Gzip(FirehoseBody.With(records)), new FirehoseRequestHeaders { ContentEncoding = "gzip" });
        Assert.Equal(records, delivery.Records);
    }

    [Property(MaxTest = 100)]
    public async Task Any_gzip_records_are_decompressed_back_to_the_originals(NonEmptyArray<byte[]> generated)
    {
        var records = Records(generated);
        var delivery = await Parse.SucceedsAsync(FirehoseBody.With([.. records.Select(r => FirehoseBody.Gzip(r))]), options: new FirehoseParserOptions { DecompressGzipRecords = true });
        Assert.Equal(records, delivery.Records);
    }

    [Property(MaxTest = 100)]
    public async Task Escaped_and_pretty_printed_bodies_round_trip(NonEmptyArray<byte[]> generated)
    {
        var records = Records(generated);
        var text = new StringBuilder("{\n  \"timestamp\" : 7,\n  \"records\" : [\n");
        for (var i = 0; i < records.Length; i++)
        {
            text.Append(i == 0 ? "    " : ",\n    ").Append("{ \"data\" : \"").Append(Convert.ToBase64String(records[i]).Replace("/", "\\/", StringComparison.Ordinal)).Append("\" }");
        }

        text.Append("\n  ],\n  \"requestId\" : \"r\\u0031\"\n}\n");
        var delivery = await Parse.SucceedsAsync(FirehoseBody.Utf8(text.ToString()), new FirehoseRequestHeaders { RequestId = "r1" });
        Assert.Equal(records, delivery.Records);
    }

    [Property(MaxTest = 100)]
    public async Task Any_records_round_trip_through_a_pipe_written_in_random_chunks(NonEmptyArray<byte[]> generated, int seed, bool gzip)
    {
        var records = Records(generated);
        var json = FirehoseBody.With(records);
        var wire = gzip ? FirehoseBody.Gzip(json) : json;
        var pipe = new Pipe();
        var writing = WriteInChunksAsync(pipe.Writer, wire, new Random(seed));

        var headers = new FirehoseRequestHeaders { ContentEncoding = gzip ? "gzip" : null, ContentLength = seed % 2 == 0 ? wire.Length : null };
        var result = await FirehoseRequestParser.ParseAsync(pipe.Reader, headers, new FirehoseParserOptions(), CancellationToken.None);
        await writing;

        Assert.True(result.Succeeded, result.Error?.ToString());
        using var delivery = result.Delivery;
        Assert.Equal(records, Parse.Snapshot(delivery).Records);
    }

    private static byte[][] Records(NonEmptyArray<byte[]> generated) => [.. generated.Get.Select(r => r ?? [])];

    private static async Task WriteInChunksAsync(PipeWriter writer, byte[] wire, Random random)
    {
        await Task.Yield();
        for (var offset = 0; offset < wire.Length;)
        {
            var length = Math.Min(wire.Length - offset, random.Next(1, 200));
            await writer.WriteAsync(wire.AsMemory(offset, length));
            offset += length;
        }

        await writer.CompleteAsync();
    }
}
