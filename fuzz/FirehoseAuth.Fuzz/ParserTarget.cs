using System.Buffers;
using System.IO.Pipelines;
using System.Text;
using FirehoseAuth.Protocol;
using FirehoseAuth.Tests.Protocol;

namespace FirehoseAuth.Fuzz;

/// <summary>
/// The fuzz target. Any exception that escapes is a finding: the parser must answer every input with a delivery or a
/// typed error, the three entry points (span, <see cref="Stream"/>, <see cref="PipeReader"/>, the last also from small
/// segments through the fast path that decodes from them) and the general parser without the fast path must agree, and an
/// error must carry a status the design allows for body problems.
/// </summary>
/// <remarks>
/// Input layout: byte 0 holds flags, the rest is the body. Flags: 1 = the body starts with a common-attributes header
/// value terminated by a NUL byte; 2 = <c>Content-Encoding: gzip</c>; 4 = decompress gzip'd records; 8 = send an
/// <c>X-Amz-Firehose-Request-Id</c> header of <c>fuzz</c>; 16 = lowered limits (so the 413 paths are reached quickly);
/// 32 = the <see cref="Stream"/> entry point gets a declared length and reads of 1 to 7 bytes. The span entry point is
/// also run through the general parser alone: the fast path must never decide differently; so is, for a gzip'd body,
/// the fast path that walks it as it is gunzipped. The body as one record, and each record of the delivery parsed from
/// the span, go through the payload decoders (<see cref="PayloadTarget"/>; flag 16 lowers their caps too).
/// </remarks>
internal static class ParserTarget
{
    public static void Run(byte[] input)
    {
        if (input.Length == 0)
        {
            return;
        }

        var flags = input[0];
        var body = input.AsMemory(1);
        string? commonAttributes = null;
        if ((flags & 1) != 0)
        {
            var end = body.Span.IndexOf((byte)0);
            if (end < 0)
            {
                return;
            }

            commonAttributes = Encoding.UTF8.GetString(body.Span[..end]);
            body = body[(end + 1)..];
        }

        var headers = new FirehoseRequestHeaders
        {
            ContentType = "application/json",
            ContentEncoding = (flags & 2) != 0 ? "gzip" : null,
            RequestId = (flags & 8) != 0 ? "fuzz" : null,
            CommonAttributes = commonAttributes,
        };
        var options = (flags & 16) != 0
            ? new FirehoseParserOptions { MaxBodySize = 4096, MaxRecordCount = 8, MaxRecordSize = 64, DecompressGzipRecords = (flags & 4) != 0, MaxDecompressedRecordSize = 256 }
            : new FirehoseParserOptions { MaxBodySize = 1 << 20, DecompressGzipRecords = (flags & 4) != 0, MaxDecompressedRecordSize = 1 << 20 };

        // The payload decoders read the input itself as one record, and below every record of the parsed delivery.
        var lowered = (flags & 16) != 0;
        PayloadTarget.Run([body], lowered);

        var fromSpan = Describe(FirehoseRequestParser.TryParse(body.Span, headers, options, out var delivery, out var error) ? delivery : null, error, lowered);
        var general = Describe(FirehoseRequestParser.TryParse(body.Span, headers, options, ArrayPool<byte>.Shared, allowFastPath: false, out var slow, out var slowError) ? slow : null, slowError);
        if (fromSpan != general)
        {
            throw new InvalidOperationException($"The fast path and the general parser disagree:\n fast:    {fromSpan}\n general: {general}");
        }

        // A gzip'd body walked as it is gunzipped, taken here by bodies of any length, 1 to 64 bytes per read or as much as fits.
        if ((flags & 2) != 0)
        {
            var inflated = Describe(FirehoseRequestParser.TryParse(body.Span, headers, options, ArrayPool<byte>.Shared, allowFastPath: true, out var walked, out var walkedError, minimumStreamedLength: 0, inflateReadLength: body.Length % 2 == 0 ? int.MaxValue : 1 + (body.Length % 64)) ? walked : null, walkedError);
            if (inflated != general)
            {
                throw new InvalidOperationException($"Walking the body as it is gunzipped and the general parser disagree:\n walked:  {inflated}\n general: {general}");
            }
        }

        // With flag 32 the body declares its length and arrives a few bytes per read (reads ending inside every token).
        var fromStream = Describe(Await((flags & 32) != 0
            ? FirehoseRequestParser.ParseAsync(new ChunkedStream(body.ToArray(), 1, 2, 3, 4, 5, 6, 7), headers with { ContentLength = body.Length }, options, CancellationToken.None)
            : FirehoseRequestParser.ParseAsync(new MemoryStream(body.ToArray(), writable: false), headers, options, CancellationToken.None)));
        // A fresh array: System.IO.Pipelines' SequencePipeReader throws from AdvanceTo on an *empty* sequence over an
        // array slice with a non-zero offset (a BCL quirk found by this fuzzer; Kestrel's pipes are not affected).
        var pipe = PipeReader.Create(new ReadOnlySequence<byte>(body.ToArray()));
        var fromPipe = Describe(Await(FirehoseRequestParser.ParseAsync(pipe, headers, options, CancellationToken.None)));

        // The fast path that decodes from a pipe's segments as they come, taken here by bodies of any length, from
        // segments of 1 to 64 bytes: wherever it gives up, it must answer as the whole body does.
        var segments = new SegmentedPipeReader(body.ToArray(), readSize: 100, segmentSizes: [1, 7, 64, 3, 13]);
        var fromSegments = Describe(Await(FirehoseRequestParser.ParseAsync(segments, headers with { ContentLength = body.Length }, options, ArrayPool<byte>.Shared, CancellationToken.None, minimumStreamedLength: 0)));

        if (fromSpan != fromStream || fromSpan != fromPipe || fromSpan != fromSegments)
        {
            throw new InvalidOperationException($"Entry points disagree:\n span:     {fromSpan}\n stream:   {fromStream}\n pipe:     {fromPipe}\n segments: {fromSegments}");
        }
    }

    private static FirehoseParseResult Await(ValueTask<FirehoseParseResult> task)
        => task.IsCompleted ? task.Result : task.AsTask().GetAwaiter().GetResult();

    private static string Describe(FirehoseParseResult result)
        => result.Succeeded ? Describe(result.Delivery, null) : Describe(null, result.Error);

    /// <param name="payloadsLowered">When not <see langword="null"/>, every record also goes through the payload decoders (<see cref="PayloadTarget"/>), with lowered caps when <see langword="true"/>.</param>
    private static string Describe(FirehoseDelivery? delivery, FirehoseError? error, bool? payloadsLowered = null)
    {
        if (delivery is null)
        {
            ArgumentNullException.ThrowIfNull(error);
            if (error.StatusCode is not (400 or 413 or 415))
            {
                throw new InvalidOperationException($"A body problem was answered {error.StatusCode}: {error}");
            }

            if (string.IsNullOrEmpty(error.Message))
            {
                throw new InvalidOperationException($"Error {error.Code} has no message.");
            }

            return $"error {error.Code}";
        }

        using (delivery)
        {
            if (payloadsLowered is { } lowered)
            {
                PayloadTarget.Run(delivery.Records, lowered);
            }

            var hash = new HashCode();
            foreach (var record in delivery.Records)
            {
                hash.AddBytes(record.Span);
                hash.Add(record.Length);
            }

            foreach (var (name, value) in delivery.CommonAttributes)
            {
                hash.Add(name);
                hash.Add(value);
            }

            var writer = new ArrayBufferWriter<byte>();
            FirehoseResponseWriter.Write(writer, delivery.RequestId, DateTimeOffset.UnixEpoch, "fuzz");
            hash.AddBytes(writer.WrittenSpan);
            return $"ok {delivery.RequestId} {delivery.TimestampMilliseconds} {delivery.Records.Count} {hash.ToHashCode()}";
        }
    }
}
