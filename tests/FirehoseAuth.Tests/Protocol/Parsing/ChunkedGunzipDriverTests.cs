using System.Buffers;
using FirehoseAuth.Protocol;

namespace FirehoseAuth.Tests.Protocol;

/// <summary>
/// The fast path that walks a gzip'd body as it is gunzipped (<c>ChunkedGunzipDriver</c>): it must give exactly what
/// gunzipping and parsing the whole body gives, wherever it gives up, and must not hold the gunzipped body whole.
/// </summary>
public sealed class ChunkedGunzipDriverTests
{
    private static readonly FirehoseRequestHeaders Gzip = new() { ContentType = "application/json", ContentEncoding = "gzip" };
    private static readonly FirehoseParserOptions Options = new();

    /// <summary>Records of each padding, empty ones, and ones longer than a read.</summary>
    private static readonly byte[][] Records = [.. new[] { 0, 1, 2, 3, 4, 5, 100, 700, 1, 2, 3100, 3, 0, 47 }.Select((length, i) => Bytes(length, seed: i))];

    /// <summary>The most bytes gunzipped per read: reads then end inside every token.</summary>
    private static readonly int[] ReadLengths = [1, 7, 64, 4096, int.MaxValue];

    public static TheoryData<int> ReadLengthData => [.. ReadLengths];

    [Theory]
    [MemberData(nameof(ReadLengthData))]
    public void A_compact_body_is_walked_as_it_is_gunzipped_and_never_held_whole(int readLength)
    {
        // Longer than the largest chunk gunzipped at once (256 KiB).
        var records = Enumerable.Range(0, 100).Select(i => Bytes(3100, seed: i)).ToArray();
        var json = FirehoseBody.With(records);
        var (delivery, error, pool) = Inflate(FirehoseBody.Gzip(json), Options, readLength, PipeSegmentWalker.MinimumLength);

        Assert.Null(error);
        Assert.Equal(records, delivery!.Records);
        Assert.Equal(FirehoseBody.RequestId, delivery.RequestId);

        // Gunzipping the whole body would rent an array at least as long as it; the records need three quarters of it.
        Assert.InRange(pool.LargestRequest, 1, json.Length - 1);
    }

    [Fact]
    public async Task A_size_trailer_that_understates_the_body_gives_what_gunzipping_it_whole_gives()
    {
        // Two members: the trailer read is the second's, 10 bytes, so the records outgrow the room sized from it.
        var json = FirehoseBody.With(Records);
        var delivery = await Parse.SucceedsAsync([.. FirehoseBody.Gzip(json[..^10]), .. FirehoseBody.Gzip(json[^10..])], Gzip);
        Assert.Equal(Records, delivery.Records);
    }

    [Theory]
    [MemberData(nameof(ReadLengthData))]
    public void Gzipd_records_in_a_gzipd_body_are_gunzipped_as_it_is_walked(int readLength)
    {
        var records = Enumerable.Range(0, 100).Select(i => Bytes(1000, seed: i)).ToArray();
        var json = FirehoseBody.With([.. records.Select(r => FirehoseBody.Gzip(r))]);
        var (delivery, error, pool) = Inflate(FirehoseBody.Gzip(json), new FirehoseParserOptions { DecompressGzipRecords = true }, readLength, PipeSegmentWalker.MinimumLength);

        Assert.Null(error);
        Assert.Equal(records, delivery!.Records);

        // The largest array is the chunk, as long as the body; gunzipping it whole would rent room for its records too.
        Assert.InRange(pool.LargestRequest, 1, json.Length + GzipInflater.MarkerLength + 1);
    }

    /// <summary>
    /// Every byte of the JSON is in turn changed (replaced, preceded by a space, removed, or the body ends there) before
    /// it is gzip'd: walking it as it is gunzipped (giving up at that byte, or not) must answer as the whole body does.
    /// </summary>
    [Theory]
    [InlineData("replace with !")]
    [InlineData("insert a space")]
    [InlineData("remove")]
    [InlineData("end early")]
    public void Changing_any_byte_of_the_json_gives_what_gunzipping_it_whole_gives(string change)
    {
        var original = FirehoseBody.With(Records);
        for (var at = 0; at < original.Length; at++)
        {
            byte[] json = change switch
            {
                "replace with !" => [.. original[..at], (byte)'!', .. original[(at + 1)..]],
                "insert a space" => [.. original[..at], (byte)' ', .. original[at..]],
                "remove" => [.. original[..at], .. original[(at + 1)..]],
                _ => original[..at],
            };

            AssertSameAsWhole(FirehoseBody.Gzip(json), Options, ReadLengths[at % ReadLengths.Length], $"{change} at {at}");
        }
    }

    /// <summary>
    /// Every byte of the gzip'd body is in turn flipped, or the body ends there (every byte of the header and trailer,
    /// every 7th between them: each truncated body makes both paths rent for the size its last 4 bytes claim).
    /// </summary>
    [Theory]
    [InlineData("flip")]
    [InlineData("end early")]
    public void Changing_any_byte_of_the_gzip_stream_gives_what_gunzipping_it_whole_gives(string change)
    {
        var original = FirehoseBody.Gzip(FirehoseBody.With(Records));
        for (var at = 0; at < original.Length; at += change == "flip" || at < 100 || at > original.Length - 100 ? 1 : 7)
        {
            var wire = change == "flip" ? original.ToArray() : original[..at];
            if (change == "flip")
            {
                wire[at] ^= 0xFF;
            }

            AssertSameAsWhole(wire, Options, ReadLengths[at % ReadLengths.Length], $"{change} at {at}");
        }
    }

    [Theory]
    [MemberData(nameof(ReadLengthData))]
    public void The_limits_give_what_gunzipping_the_whole_body_gives(int readLength)
    {
        var json = FirehoseBody.With(Records);
        var wire = FirehoseBody.Gzip(json);
        foreach (var size in new[] { json.Length - 1, json.Length, json.Length + 1 })
        {
            AssertSameAsWhole(wire, new FirehoseParserOptions { MaxBodySize = size }, readLength, $"bodies of {size} bytes at most");
        }

        for (var count = 1; count <= Records.Length; count++)
        {
            AssertSameAsWhole(wire, new FirehoseParserOptions { MaxRecordCount = count }, readLength, $"{count} records at most");
        }

        foreach (var size in new[] { 1, 2, 99, 100, 3099, 3100 })
        {
            AssertSameAsWhole(wire, new FirehoseParserOptions { MaxRecordSize = size }, readLength, $"records of {size} bytes at most");
        }
    }

    private static void AssertSameAsWhole(byte[] wire, FirehoseParserOptions options, int readLength, string because)
    {
        var (expected, expectedError, _) = Run(wire, options, allowFastPath: false, readLength, minimumLength: 0);
        var (actual, error, pool) = Run(wire, options, allowFastPath: true, readLength, minimumLength: 0);
        Assert.True(expectedError?.Code == error?.Code, $"{because}: {expectedError?.Code} from the whole body, {error?.Code} walked as gunzipped");
        if (expected is not null)
        {
            Assert.True(expected.Records.Length == actual!.Records.Length, because);
            for (var i = 0; i < expected.Records.Length; i++)
            {
                Assert.True(expected.Records[i].AsSpan().SequenceEqual(actual.Records[i]), $"{because}: record {i}");
            }

            Assert.Equal(expected.RequestId, actual.RequestId);
            Assert.Equal(expected.Timestamp, actual.Timestamp);
        }

        Assert.True(pool.Outstanding == 0, $"{because}: {pool.Outstanding} arrays not returned");
    }

    private static (ParsedDelivery? Delivery, FirehoseError? Error, CountingArrayPool Pool) Inflate(byte[] wire, FirehoseParserOptions options, int readLength, int minimumLength)
    {
        var result = Run(wire, options, allowFastPath: true, readLength, minimumLength);
        Assert.Equal(0, result.Pool.Outstanding);
        return result;
    }

    private static (ParsedDelivery? Delivery, FirehoseError? Error, CountingArrayPool Pool) Run(byte[] wire, FirehoseParserOptions options, bool allowFastPath, int readLength, int minimumLength)
    {
        var pool = new CountingArrayPool();
        if (!FirehoseRequestParser.TryParse(wire, Gzip, options, allowFastPath ? pool : ArrayPool<byte>.Shared, allowFastPath, out var delivery, out var error, minimumLength, readLength))
        {
            return (null, error, pool);
        }

        using (delivery)
        {
            return (Parse.Snapshot(delivery), null, pool);
        }
    }

    private static byte[] Bytes(int length, int seed)
    {
        var bytes = new byte[length];
        new Random(seed).NextBytes(bytes);
        return bytes;
    }
}
