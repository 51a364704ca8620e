using System.Buffers;
using System.IO.Pipelines;
using FirehoseAuth.Protocol;

namespace FirehoseAuth.Tests.Protocol;

/// <summary>
/// Runs one body through every entry point — <c>TryParse</c> (fast path allowed), <c>TryParse</c> through the general
/// parser only, <c>ParseAsync(Stream)</c> and <c>ParseAsync(PipeReader)</c>, and the streaming fast paths (from a
/// pipe's segments, and, for a gzip'd body, as it is gunzipped) — and checks they agree, so every rule is tested on
/// every parser and reader.
/// </summary>
internal static class Parse
{
    public static async Task<ParsedDelivery> SucceedsAsync(byte[] body, FirehoseRequestHeaders headers = default, FirehoseParserOptions? options = null)
    {
        var outcomes = await RunAllAsync(body, headers, options ?? new FirehoseParserOptions());
        var first = outcomes[0];
        foreach (var (name, delivery, error) in outcomes)
        {
            Assert.True(error is null, $"{name}: {error}");
            AssertSame(first.Delivery!, delivery!, name);
        }

        return first.Delivery!;
    }

    public static async Task<FirehoseError> FailsAsync(byte[] body, FirehoseRequestHeaders headers = default, FirehoseParserOptions? options = null)
    {
        var outcomes = await RunAllAsync(body, headers, options ?? new FirehoseParserOptions());
        var first = outcomes[0].Error;
        foreach (var (name, delivery, error) in outcomes)
        {
            Assert.True(delivery is null, $"{name} accepted the body");
            Assert.Equal(first!.Code, error!.Code);
            Assert.Equal(first.StatusCode, error.StatusCode);
        }

        return first!;
    }

    public static ParsedDelivery Snapshot(FirehoseDelivery delivery)
    {
        var records = new List<byte[]>();
        foreach (var record in delivery.Records)
        {
            records.Add(record.ToArray());
        }

        return new ParsedDelivery(
            delivery.RequestId,
            delivery.TimestampMilliseconds,
            delivery.SourceArn,
            new Dictionary<string, string>(delivery.CommonAttributes),
            [.. records]);
    }

    private static void AssertSame(ParsedDelivery expected, ParsedDelivery actual, string name)
    {
        Assert.True(expected.RequestId == actual.RequestId, $"{name}: request id");
        Assert.True(expected.Timestamp == actual.Timestamp, $"{name}: timestamp");
        Assert.True(expected.SourceArn == actual.SourceArn, $"{name}: source ARN");
        Assert.Equal(expected.CommonAttributes, actual.CommonAttributes);
        Assert.Equal(expected.Records.Length, actual.Records.Length);
        for (var i = 0; i < expected.Records.Length; i++)
        {
            Assert.True(expected.Records[i].AsSpan().SequenceEqual(actual.Records[i]), $"{name}: record {i}");
        }
    }

    private static async Task<List<(string Name, ParsedDelivery? Delivery, FirehoseError? Error)>> RunAllAsync(byte[] body, FirehoseRequestHeaders headers, FirehoseParserOptions options)
    {
        var outcomes = new List<(string, ParsedDelivery?, FirehoseError?)>
        {
            Take("TryParse", FirehoseRequestParser.TryParse(body, headers, options, out var fast, out var fastError) ? fast : null, fastError),
            Take("TryParse (general parser)", FirehoseRequestParser.TryParse(body, headers, options, ArrayPool<byte>.Shared, allowFastPath: false, out var general, out var generalError) ? general : null, generalError),
        };

        // A gzip'd body gunzipped a chunk at a time and walked as it comes, taken here by bodies of any length, with
        // reads that end everywhere: wherever it gives up, the whole body is gunzipped and parsed instead.
        if (headers.ContentEncoding is not null)
        {
            foreach (var readLength in (int[])[1, 7, 100, int.MaxValue])
            {
                var inflated = FirehoseRequestParser.TryParse(body, headers, options, ArrayPool<byte>.Shared, allowFastPath: true, out var streamed, out var streamedError, minimumStreamedLength: 0, inflateReadLength: readLength);
                outcomes.Add(Take($"TryParse, gunzipped and walked {readLength} bytes per read", inflated ? streamed : null, streamedError));
            }
        }

        var fromStream = await FirehoseRequestParser.ParseAsync(new MemoryStream(body), headers, options, CancellationToken.None);
        outcomes.Add(Take("ParseAsync(Stream)", fromStream.Delivery, fromStream.Error));

        var fromPipe = await FirehoseRequestParser.ParseAsync(PipeReader.Create(new MemoryStream(body), new StreamPipeReaderOptions(bufferSize: 4096)), headers, options, CancellationToken.None);
        outcomes.Add(Take("ParseAsync(PipeReader)", fromPipe.Delivery, fromPipe.Error));

        // A declared length sizes the body's buffer up front; reads that end anywhere must not matter.
        var declared = headers with { ContentLength = headers.ContentLength ?? body.Length };
        var trickled = await FirehoseRequestParser.ParseAsync(new ChunkedStream(body, 1, 7, 2, 64, 3, 4093), declared, options, CancellationToken.None);
        outcomes.Add(Take("ParseAsync(Stream), Content-Length, a few bytes per read", trickled.Delivery, trickled.Error));

        var trickledPipe = await FirehoseRequestParser.ParseAsync(PipeReader.Create(new ChunkedStream(body, 5, 1, 300, 2), new StreamPipeReaderOptions(bufferSize: 512)), declared, options, CancellationToken.None);
        outcomes.Add(Take("ParseAsync(PipeReader), Content-Length, a few bytes per read", trickledPipe.Delivery, trickledPipe.Error));

        // The streaming fast path (decoding from the pipe's segments), taken here by bodies of any length.
        foreach (var (name, readSize, segments) in StreamedSegmentations)
        {
            var reader = new SegmentedPipeReader(body, readSize, segmentSizes: segments);
            var streamed = await FirehoseRequestParser.ParseAsync(reader, declared, options, ArrayPool<byte>.Shared, CancellationToken.None, minimumStreamedLength: 0);
            Assert.True(!streamed.Succeeded || reader.Consumed == body.Length, $"{name}: {reader.Consumed} of {body.Length} bytes consumed");
            outcomes.Add(Take(name, streamed.Delivery, streamed.Error));
        }

        return outcomes;
    }

    private static readonly (string Name, int ReadSize, int[] Segments)[] StreamedSegmentations =
    [
        ("ParseAsync(PipeReader), streamed from 4 KiB segments", 64 * 1024, [4096]),
        ("ParseAsync(PipeReader), streamed from segments of 1 to 64 bytes", 100, [1, 2, 3, 5, 7, 11, 13, 64, 17]),
        ("ParseAsync(PipeReader), streamed from segments of 15 to 4093 bytes, 5 bytes per read", 5, [4093, 16, 15, 31]),
    ];

    private static (string, ParsedDelivery?, FirehoseError?) Take(string name, FirehoseDelivery? delivery, FirehoseError? error)
    {
        if (delivery is null)
        {
            return (name, null, error);
        }

        using (delivery)
        {
            return (name, Snapshot(delivery), null);
        }
    }
}
