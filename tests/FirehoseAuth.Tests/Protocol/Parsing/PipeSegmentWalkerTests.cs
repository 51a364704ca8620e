using System.IO.Pipelines;
using FirehoseAuth.Protocol;

namespace FirehoseAuth.Tests.Protocol;

/// <summary>
/// The fast path that decodes a body from a pipe's segments as they come (<c>PipeSegmentWalker</c>): it must give
/// exactly what parsing the whole body gives, wherever it gives up, and must not copy the bodies it takes.
/// </summary>
public sealed class PipeSegmentWalkerTests
{
    private static readonly FirehoseRequestHeaders Headers = new() { ContentType = "application/json" };
    private static readonly FirehoseParserOptions Options = new();

    /// <summary>Records of each padding, empty ones, and ones longer than a 4 KiB segment.</summary>
    private static readonly byte[][] Records = [.. new[] { 0, 1, 2, 3, 4, 5, 100, 700, 1, 2, 3100, 3, 0, 47 }.Select((length, i) => Bytes(length, seed: i))];

    /// <summary>The records array's elements, compact, for bodies with the fields in another order.</summary>
    private static readonly string RecordsJson = string.Join(',', Records.Select(r => $"{{\"data\":\"{Convert.ToBase64String(r)}\"}}"));

    private static readonly (int ReadSize, int[] Segments)[] Segmentations =
    [
        (64 * 1024, [4096]),
        (100, [1, 2, 3, 5, 7, 11, 13, 64, 17]),
        (9, [4093, 16, 15, 31]),
    ];

    public static TheoryData<int> SegmentationIndexes => [.. Enumerable.Range(0, Segmentations.Length)];

    [Theory]
    [MemberData(nameof(SegmentationIndexes))]
    public async Task A_compact_body_is_decoded_from_the_segments_without_being_copied_whole(int segmentation)
    {
        var body = FirehoseBody.With(Records);
        var (delivery, error, reader, pool) = await StreamAsync(body, Headers with { ContentLength = body.Length }, Options, segmentation, PipeSegmentWalker.MinimumLength);

        Assert.Null(error);
        Assert.Equal(Records, delivery!.Records);
        Assert.Equal(FirehoseBody.RequestId, delivery.RequestId);
        Assert.Equal(body.Length, reader.Consumed);

        // Copying the body would rent an array at least as long as it; the records need three quarters of it.
        Assert.InRange(pool.LargestRequest, 1, body.Length - 1);
        Assert.Equal(0, pool.Outstanding);
    }

    [Theory]
    [MemberData(nameof(SegmentationIndexes))]
    public async Task Records_before_the_other_fields_are_decoded_from_the_segments_too(int segmentation)
    {
        var body = FirehoseBody.Raw($"{{\"records\":[{RecordsJson}],\"timestamp\":1,\"requestId\":\"{FirehoseBody.RequestId}\"}}");
        var (delivery, error, _, pool) = await StreamAsync(body, Headers with { ContentLength = body.Length }, Options, segmentation, PipeSegmentWalker.MinimumLength);

        Assert.Null(error);
        Assert.Equal(Records, delivery!.Records);
        Assert.Equal(1, delivery.Timestamp);
        Assert.InRange(pool.LargestRequest, 1, body.Length - 1);
    }

    [Theory]
    [InlineData(",\"unknown\":[1,{}],\"requestId\":\"r\"}")]
    [InlineData(",\"requestId\":\"a\\u0062\"}")]
    [InlineData(",\"requestId\":\"r\"  \n}")]
    [InlineData(",\"requestId\":\"r\"}  ")]
    public async Task Fields_after_the_records_that_only_the_general_parser_takes_give_what_parsing_the_whole_body_gives(string after)
    {
        var body = FirehoseBody.Raw($"{{\"timestamp\":1,\"records\":[{RecordsJson}]{after}");
        for (var segmentation = 0; segmentation < Segmentations.Length; segmentation++)
        {
            await AssertSameAsWholeAsync(body, Headers with { ContentLength = body.Length }, Options, segmentation, after);
        }
    }

    [Theory]
    [InlineData(400)]
    [InlineData(600)]
    public async Task A_request_id_that_makes_the_head_longer_than_512_bytes_gives_what_parsing_the_whole_body_gives(int length)
    {
        var body = FirehoseBody.Raw(FirehoseBody.Json(Records, requestId: new string('r', length)));
        for (var segmentation = 0; segmentation < Segmentations.Length; segmentation++)
        {
            await AssertSameAsWholeAsync(body, Headers with { ContentLength = body.Length }, Options, segmentation, $"request id of {length}");
        }
    }

    /// <summary>
    /// Every byte of the body is in turn replaced, removed, doubled, or preceded by a space, a padding or a quote:
    /// whatever the change does, the pipe (giving up at that byte, or not) must answer as the whole body does.
    /// </summary>
    [Theory]
    [InlineData("replace with !")]
    [InlineData("replace with =")]
    [InlineData("insert a space")]
    [InlineData("insert a quote")]
    [InlineData("remove")]
    [InlineData("double")]
    [InlineData("end early")]
    public async Task Changing_any_byte_gives_what_parsing_the_whole_body_gives(string change)
    {
        var original = FirehoseBody.With(Records);
        for (var at = 0; at < original.Length; at++)
        {
            var body = change switch
            {
                "replace with !" => [.. original[..at], (byte)'!', .. original[(at + 1)..]],
                "replace with =" => [.. original[..at], (byte)'=', .. original[(at + 1)..]],
                "insert a space" => [.. original[..at], (byte)' ', .. original[at..]],
                "insert a quote" => [.. original[..at], (byte)'"', .. original[at..]],
                "remove" => [.. original[..at], .. original[(at + 1)..]],
                "double" => [.. original[..(at + 1)], .. original[at..]],
                _ => original[..at],
            };

            // A body that ends early still declares the whole length: the pipe must wait for it, then refuse it.
            var headers = Headers with { ContentLength = change == "end early" ? original.Length : body.Length };
            await AssertSameAsWholeAsync(body, headers, Options, segmentation: at % Segmentations.Length, $"{change} at {at}");
        }
    }

    [Theory]
    [MemberData(nameof(SegmentationIndexes))]
    public async Task The_record_limits_give_what_parsing_the_whole_body_gives(int segmentation)
    {
        var body = FirehoseBody.With(Records);
        for (var count = 1; count <= Records.Length; count++)
        {
            await AssertSameAsWholeAsync(body, Headers with { ContentLength = body.Length }, new FirehoseParserOptions { MaxRecordCount = count }, segmentation, $"{count} records at most");
        }

        foreach (var size in new[] { 1, 2, 3, 99, 100, 699, 700, 3099, 3100 })
        {
            await AssertSameAsWholeAsync(body, Headers with { ContentLength = body.Length }, new FirehoseParserOptions { MaxRecordSize = size }, segmentation, $"records of {size} bytes at most");
        }
    }

    [Theory]
    [InlineData(-1)]
    [InlineData(1)]
    public async Task A_body_of_another_length_than_declared_gives_what_parsing_the_whole_body_gives(int difference)
    {
        var body = FirehoseBody.With(Records);
        for (var segmentation = 0; segmentation < Segmentations.Length; segmentation++)
        {
            await AssertSameAsWholeAsync(body, Headers with { ContentLength = body.Length + difference }, Options, segmentation, $"declared {difference:+0;-0}");
        }
    }

    [Fact]
    public async Task A_request_id_header_that_differs_from_the_body_gives_what_parsing_the_whole_body_gives()
    {
        var body = FirehoseBody.With(Records);
        await AssertSameAsWholeAsync(body, Headers with { ContentLength = body.Length, RequestId = "another" }, Options, segmentation: 0, "request id");
        await AssertSameAsWholeAsync(body, Headers with { ContentLength = body.Length, RequestId = FirehoseBody.RequestId }, Options, segmentation: 1, "request id");
    }

    /// <summary>
    /// A real <see cref="Pipe"/>, as Kestrel's: the body comes in two writes, the parser having read and examined the
    /// first (waiting for more) before the second arrives; then it gives up, or not, in the second.
    /// </summary>
    [Theory]
    [InlineData(300)]
    [InlineData(2000)]
    [InlineData(4100)]
    public async Task A_real_pipe_written_in_two_parts_gives_what_parsing_the_whole_body_gives(int firstPart)
    {
        var compact = FirehoseBody.With(Records);
        var slash = compact.AsSpan(firstPart).IndexOf((byte)'/') + firstPart;
        (byte[] Body, int Declared)[] bodies =
        [
            (compact, compact.Length),
            (FirehoseBody.Raw(FirehoseBody.Json(Records).Replace("[{", "[ {", StringComparison.Ordinal)), compact.Length + 1),
            ([.. compact[..slash], (byte)'\\', .. compact[slash..]], compact.Length + 1),
            (compact[..^1], compact.Length),
        ];

        foreach (var (body, declared) in bodies)
        {
            var headers = Headers with { ContentLength = declared };
            FirehoseRequestParser.TryParse(body, headers, Options, out var whole, out var wholeError);
            using (whole)
            {
                var pipe = new Pipe();
                await pipe.Writer.WriteAsync(body.AsMemory(0, firstPart));
                var parsing = FirehoseRequestParser.ParseAsync(pipe.Reader, headers, Options, CancellationToken.None).AsTask();
                await pipe.Writer.WriteAsync(body.AsMemory(firstPart));
                await pipe.Writer.CompleteAsync();
                using var streamed = (await parsing).Delivery;

                Assert.Equal(wholeError?.Code, (await parsing).Error?.Code);
                Assert.Equal(whole?.Records.Select(r => r.ToArray()), streamed?.Records.Select(r => r.ToArray()));
            }
        }
    }

    [Fact]
    public async Task A_connection_that_fails_midway_returns_every_buffer()
    {
        var body = FirehoseBody.With(Records);
        foreach (var failAt in new[] { 0, 511, 600, 2000, 4500, body.Length - 1 })
        {
            var pool = new CountingArrayPool();
            var reader = new SegmentedPipeReader(body, readSize: 300, failAt, segmentSizes: [4096, 7]);
            await Assert.ThrowsAsync<IOException>(async () => await FirehoseRequestParser.ParseAsync(reader, Headers with { ContentLength = body.Length }, Options, pool, CancellationToken.None));
            Assert.Equal(0, pool.Outstanding);
        }
    }

    [Fact]
    public async Task A_canceled_read_returns_every_buffer()
    {
        var body = FirehoseBody.With(Records);
        var pool = new CountingArrayPool();
        var reader = new SegmentedPipeReader(body, readSize: 300, segmentSizes: [4096]);
        await Assert.ThrowsAnyAsync<OperationCanceledException>(async () => await FirehoseRequestParser.ParseAsync(reader, Headers with { ContentLength = body.Length }, Options, pool, new CancellationToken(canceled: true)));
        Assert.Equal(0, pool.Outstanding);
    }

    private static async Task AssertSameAsWholeAsync(byte[] body, FirehoseRequestHeaders headers, FirehoseParserOptions options, int segmentation, string because)
    {
        FirehoseRequestParser.TryParse(body, headers, options, out var whole, out var wholeError);
        using (whole)
        {
            var (streamed, error, _, pool) = await StreamAsync(body, headers, options, segmentation, minimumLength: 0);
            Assert.True(wholeError?.Code == error?.Code, $"{because}: {wholeError?.Code} from the whole body, {error?.Code} from the pipe");
            if (whole is not null)
            {
                Assert.True(whole.Records.Count == streamed!.Records.Length, because);
                for (var i = 0; i < whole.Records.Count; i++)
                {
                    Assert.True(whole.Records[i].Span.SequenceEqual(streamed.Records[i]), $"{because}: record {i}");
                }

                Assert.Equal(whole.RequestId, streamed.RequestId);
                Assert.Equal(whole.TimestampMilliseconds, streamed.Timestamp);
            }

            Assert.True(pool.Outstanding == 0, $"{because}: {pool.Outstanding} arrays not returned");
        }
    }

    private static async Task<(ParsedDelivery? Delivery, FirehoseError? Error, SegmentedPipeReader Reader, CountingArrayPool Pool)> StreamAsync(byte[] body, FirehoseRequestHeaders headers, FirehoseParserOptions options, int segmentation, int minimumLength)
    {
        var pool = new CountingArrayPool();
        var (readSize, segments) = Segmentations[segmentation];
        var reader = new SegmentedPipeReader(body, readSize, segmentSizes: segments);
        var result = await FirehoseRequestParser.ParseAsync(reader, headers, options, pool, CancellationToken.None, minimumLength);
        if (result.Delivery is not { } delivery)
        {
            return (null, result.Error, reader, pool);
        }

        using (delivery)
        {
            return (Parse.Snapshot(delivery), null, reader, pool);
        }
    }

    private static byte[] Bytes(int length, int seed)
    {
        var bytes = new byte[length];
        new Random(seed).NextBytes(bytes);
        return bytes;
    }
}
