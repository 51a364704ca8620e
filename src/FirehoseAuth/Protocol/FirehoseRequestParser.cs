using System.Buffers;
using System.Diagnostics.CodeAnalysis;
using System.IO.Pipelines;
using System.Runtime.CompilerServices;

namespace FirehoseAuth.Protocol;

/// <summary>
/// Reads and validates a Firehose HTTP-endpoint delivery.
/// </summary>
/// <remarks>
/// <para>
/// The header checks (<c>Content-Type</c>, <c>Content-Encoding</c>, <c>Content-Length</c>, common attributes) run
/// before the body is read. The body is read into one pooled array sized from <c>Content-Length</c> (gunzipped first
/// when it is gzip'd) and walked once; each record is base64-decoded into the same array, after the body.
/// </para>
/// <para>Which body takes which path (each path falls back to the next one down; the general parser always decides last):</para>
/// <list type="table">
/// <listheader><term>body</term><description>path, and what it gives up on</description></listheader>
/// <item><term>span, stream or short pipe; identity</term><description>read whole (<c>Body/BodyReader</c>), then
/// <c>Parsing/WholeSpanScanner</c> (compact or with whitespace); gives up on an unknown field, an escape, a duplicate,
/// bad base64 or a limit, and <c>Parsing/GeneralJsonParser</c> parses the body again and reports.</description></item>
/// <item><term>pipe, identity, <c>Content-Length</c> ≥ 4 KiB, record gunzip off</term><description>
/// <c>Parsing/PipeSegmentWalker</c> decodes from the segments, consuming them; gives up on anything but the compact
/// shape (whitespace, another field, an escape, bad base64, a limit, a body of the wrong length): what it consumed is
/// written again, the rest read after it, and the row above parses the whole body.</description></item>
/// <item><term>any source, gzip, gunzipped size hint ≥ 4 KiB</term><description>read whole, then
/// <c>Parsing/ChunkedGunzipDriver</c> gunzips 256 KiB at a time into the walker; gives up on anything but the compact
/// shape, a corrupt or truncated gzip stream, a limit or a size trailer that understates the body: the body is then
/// gunzipped whole (<c>Body/BodyInflater</c>) and takes the first row.</description></item>
/// <item><term>any source, gzip, shorter</term><description>gunzipped whole, then the first row.</description></item>
/// </list>
/// <para>
/// Every gunzip (a whole body, the chunked driver, a gzip'd record) is one loop, <c>Gzip/GzipInflater.Inflate</c>, over
/// a sink that supplies the output space; a record's cap is <c>Gzip/DecompressionCap</c>.
/// </para>
/// <para>
/// Buffers come from <see cref="ArrayPool{T}.Shared"/>, which in .NET 10 pools arrays up to 1 GiB, so a 64 MiB body
/// (about 112 MiB with its decoded records) is reused, not reallocated; the pool trims idle arrays under memory pressure.
/// </para>
/// <para>
/// Input problems are returned as a <see cref="FirehoseError"/>; exceptions are thrown only for invalid arguments or
/// options, for I/O errors of the body stream, and for cancellation.
/// </para>
/// </remarks>
public static class FirehoseRequestParser
{
    /// <summary>Reads the body from <paramref name="body"/> and parses it.</summary>
    /// <param name="body">The request body, positioned at its start.</param>
    /// <param name="headers">The request's header values.</param>
    /// <param name="options">The limits to apply.</param>
    /// <param name="cancellationToken">Cancels reading the body.</param>
    /// <returns>The parsed delivery (dispose it) or the error to answer with.</returns>
    /// <exception cref="ArgumentException"><paramref name="options"/> holds an invalid limit.</exception>
    public static ValueTask<FirehoseParseResult> ParseAsync(Stream body, FirehoseRequestHeaders headers, FirehoseParserOptions options, CancellationToken cancellationToken)
        => ParseAsync(body, headers, options, FirehoseBufferPool.Instance, cancellationToken);

    /// <summary>Reads the body from <paramref name="body"/> and parses it.</summary>
    /// <param name="body">The request body reader; it is advanced past the body, not completed.</param>
    /// <param name="headers">The request's header values.</param>
    /// <param name="options">The limits to apply.</param>
    /// <param name="cancellationToken">Cancels reading the body.</param>
    /// <returns>The parsed delivery (dispose it) or the error to answer with.</returns>
    /// <exception cref="ArgumentException"><paramref name="options"/> holds an invalid limit.</exception>
    public static ValueTask<FirehoseParseResult> ParseAsync(PipeReader body, FirehoseRequestHeaders headers, FirehoseParserOptions options, CancellationToken cancellationToken)
        => ParseAsync(body, headers, options, FirehoseBufferPool.Instance, cancellationToken);

    /// <summary>Parses a body that is already in memory (the records are decoded into a pooled buffer).</summary>
    /// <param name="body">The request body as received (gzip'd if <see cref="FirehoseRequestHeaders.ContentEncoding"/> says so).</param>
    /// <param name="headers">The request's header values.</param>
    /// <param name="options">The limits to apply.</param>
    /// <param name="delivery">The parsed delivery, which the caller must dispose.</param>
    /// <param name="error">The error to answer with.</param>
    /// <returns><see langword="true"/> when the delivery was accepted.</returns>
    /// <exception cref="ArgumentException"><paramref name="options"/> holds an invalid limit.</exception>
    public static bool TryParse(ReadOnlySpan<byte> body, FirehoseRequestHeaders headers, FirehoseParserOptions options, [NotNullWhen(true)] out FirehoseDelivery? delivery, [NotNullWhen(false)] out FirehoseError? error)
        => TryParse(body, headers, options, FirehoseBufferPool.Instance, allowFastPath: true, out delivery, out error);

    internal static ValueTask<FirehoseParseResult> ParseAsync(Stream body, FirehoseRequestHeaders headers, FirehoseParserOptions options, ArrayPool<byte> pool, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(body);
        return ValidateHeaders(headers, options, pool, out var gzip, out var maxWireLength) is { } error
            ? ValueTask.FromResult(FirehoseParseResult.Failure(error))
            : Complete(BodyReader.ReadAsync(body, headers.ContentLength, maxWireLength, gzip, pool, cancellationToken), headers, options, gzip, pool);
    }

    /// <summary>
    /// <see cref="ParseAsync(PipeReader, FirehoseRequestHeaders, FirehoseParserOptions, CancellationToken)"/> with the
    /// pool to use and, for tests that run every body through <see cref="PipeSegmentWalker"/>, the shortest body it takes.
    /// </summary>
    internal static ValueTask<FirehoseParseResult> ParseAsync(PipeReader body, FirehoseRequestHeaders headers, FirehoseParserOptions options, ArrayPool<byte> pool, CancellationToken cancellationToken, int minimumStreamedLength = PipeSegmentWalker.MinimumLength)
    {
        ArgumentNullException.ThrowIfNull(body);
        if (ValidateHeaders(headers, options, pool, out var gzip, out var maxWireLength) is { } error)
        {
            return ValueTask.FromResult(FirehoseParseResult.Failure(error));
        }

        return PipeSegmentWalker.Applies(headers, options, gzip, minimumStreamedLength, out var declaredLength)
            ? StreamAsync(body, headers, options, declaredLength, pool, cancellationToken)
            : Complete(BodyReader.ReadAsync(body, headers.ContentLength, maxWireLength, gzip, pool, cancellationToken), headers, options, gzip, pool);
    }

    /// <summary>
    /// Parses a body from a pipe with <see cref="PipeSegmentWalker"/>, consuming the pipe as it goes; where that path
    /// gives up, the bytes it consumed are written again into a body buffer, the rest of the body is read after them,
    /// and the whole body is parsed as usual.
    /// </summary>
    [AsyncMethodBuilder(typeof(PoolingAsyncValueTaskMethodBuilder<>))]
    private static async ValueTask<FirehoseParseResult> StreamAsync(PipeReader body, FirehoseRequestHeaders headers, FirehoseParserOptions options, int declaredLength, ArrayPool<byte> pool, CancellationToken cancellationToken)
    {
        var walker = new PipeSegmentWalker(pool, options, headers, declaredLength);
        BodyBuffer buffer;
        bool readAll;
        try
        {
            long walked = 0;
            ReadResult result;
            SequencePosition handOver = default;
            var advanced = false;
            while (true)
            {
                result = await body.ReadAsync(cancellationToken).ConfigureAwait(false);
                if (result.IsCanceled)
                {
                    throw new OperationCanceledException("Reading the body was canceled.");
                }

                var input = result.Buffer.Slice(0, Math.Min(result.Buffer.Length, declaredLength + 1L - walked));
                var end = walked + input.Length;
                if (end > declaredLength || (result.IsCompleted && end < declaredLength))
                {
                    // A body of the wrong length: the usual path reports it.
                    handOver = input.Start;
                    break;
                }

                var final = end == declaredLength;
                if (!walker.TryStep(input, final, out var processed))
                {
                    body.AdvanceTo(input.Start, input.End);
                    continue;
                }

                walked += processed;
                handOver = input.GetPosition(processed);
                if (walker.Failed || (final && !walker.Done))
                {
                    break;
                }

                body.AdvanceTo(handOver, input.End);
                if (result.IsCompleted)
                {
                    if (walker.TryComplete(headers, out var parsed))
                    {
                        return parsed;
                    }

                    // The whole body was walked, and the pipe advanced past it; only its skeleton was not the shape this path takes.
                    advanced = true;
                    break;
                }
            }

            // The bytes walked are written again, then what this read holds after them is taken from it, so that the
            // pipe is advanced once, with everything examined (examined must never move back).
            buffer = new BodyBuffer(declaredLength, declaredLength, gzip: false, pool);
            buffer.Advance(walker.Rewrite(buffer.NextRead().Span));
            try
            {
                readAll = advanced || BodyReader.Take(body, new ReadResult(result.Buffer.Slice(handOver), isCanceled: false, result.IsCompleted), ref buffer);
            }
            catch
            {
                buffer.Release();
                throw;
            }
        }
        finally
        {
            walker.Release();
        }

        var read = readAll ? ValueTask.FromResult(buffer.Finish()) : BodyReader.ReadAsync(body, buffer, cancellationToken);
        return Complete(await read.ConfigureAwait(false), headers, options, gzip: false, pool);
    }

    /// <summary>
    /// <see cref="TryParse(ReadOnlySpan{byte}, FirehoseRequestHeaders, FirehoseParserOptions, out FirehoseDelivery?, out FirehoseError?)"/>
    /// with the pool to use and, for tests that run every case through both parsers, a switch for the fast path; for
    /// tests of <see cref="ChunkedGunzipDriver"/>, the shortest gunzipped body it takes and the most bytes it gunzips per read.
    /// </summary>
    internal static bool TryParse(ReadOnlySpan<byte> body, FirehoseRequestHeaders headers, FirehoseParserOptions options, ArrayPool<byte> pool, bool allowFastPath, [NotNullWhen(true)] out FirehoseDelivery? delivery, [NotNullWhen(false)] out FirehoseError? error, int minimumStreamedLength = PipeSegmentWalker.MinimumLength, int inflateReadLength = int.MaxValue)
    {
        delivery = null;
        error = ValidateHeaders(headers, options, pool, out var gzip, out var maxWireLength)
            ?? BodyBuffer.CheckLength(body.Length, headers.ContentLength, maxWireLength);
        if (error is not null)
        {
            return false;
        }

        FirehoseParseResult result;
        if (gzip)
        {
            var buffer = pool.Rent(body.Length + GzipInflater.SentinelLength);
            body.CopyTo(buffer);
            result = Complete(new BodyReadResult(buffer, body.Length, null), headers, options, gzip: true, pool, allowFastPath, minimumStreamedLength, inflateReadLength);
        }
        else
        {
            result = ParseJson(body, pool.Rent(BodyLayout.DataCapacity(body.Length)), 0, headers, options, pool, allowFastPath);
        }

        delivery = result.Delivery;
        error = result.Error;
        return result.Succeeded;
    }

    private static FirehoseError? ValidateHeaders(in FirehoseRequestHeaders headers, FirehoseParserOptions options, ArrayPool<byte> pool, out bool gzip, out int maxWireLength)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(pool);
        options.ThrowIfInvalid();
        return ContentHeaders.Validate(headers, options, out gzip, out maxWireLength)
            ?? CommonAttributesHeader.Validate(headers.CommonAttributes, pool);
    }

    /// <summary>Parses the body once it is read; a read that already completed (an in-memory or buffered body) needs no async state machine.</summary>
    private static ValueTask<FirehoseParseResult> Complete(ValueTask<BodyReadResult> read, in FirehoseRequestHeaders headers, FirehoseParserOptions options, bool gzip, ArrayPool<byte> pool)
        => read.IsCompletedSuccessfully
            ? ValueTask.FromResult(Complete(read.Result, headers, options, gzip, pool))
            : CompleteAsync(read, headers, options, gzip, pool);

    [AsyncMethodBuilder(typeof(PoolingAsyncValueTaskMethodBuilder<>))]
    private static async ValueTask<FirehoseParseResult> CompleteAsync(ValueTask<BodyReadResult> read, FirehoseRequestHeaders headers, FirehoseParserOptions options, bool gzip, ArrayPool<byte> pool)
        => Complete(await read.ConfigureAwait(false), headers, options, gzip, pool);

    /// <summary>
    /// Gunzips the body read (if needed) and parses it; takes ownership of <c>read.Buffer</c>, which has
    /// <see cref="GzipInflater.SentinelLength"/> free bytes after a gzip'd body. A gzip'd body goes through
    /// <see cref="ChunkedGunzipDriver"/> first.
    /// </summary>
    private static FirehoseParseResult Complete(BodyReadResult read, in FirehoseRequestHeaders headers, FirehoseParserOptions options, bool gzip, ArrayPool<byte> pool, bool allowFastPath = true, int minimumStreamedLength = PipeSegmentWalker.MinimumLength, int inflateReadLength = int.MaxValue)
    {
        if (read.Error is not null)
        {
            return FirehoseParseResult.Failure(read.Error);
        }

        var buffer = read.Buffer!;
        var length = read.Length;
        if (gzip)
        {
            if (length == 0)
            {
                pool.Return(buffer);
                return FirehoseParseResult.Failure(FirehoseErrors.InvalidGzipBody);
            }

            if (allowFastPath && ChunkedGunzipDriver.TryParse(buffer, length, headers, options, pool, minimumStreamedLength, inflateReadLength, out var streamed))
            {
                pool.Return(buffer);
                return streamed;
            }

            var status = BodyInflater.Inflate(buffer, length, options.MaxBodySize, pool, out var inflated, out length);
            pool.Return(buffer);
            if (status != InflateStatus.Ok)
            {
                return FirehoseParseResult.Failure(status == InflateStatus.TooLarge ? FirehoseErrors.DecompressedBodyTooLarge : FirehoseErrors.InvalidGzipBody);
            }

            buffer = inflated!;
        }

        // The records go after the body in the same array when it has room (it does when Content-Length was known).
        var dataCapacity = BodyLayout.DataCapacity(length);
        if (buffer.Length - length >= dataCapacity)
        {
            return ParseJson(buffer.AsSpan(0, length), buffer, length, headers, options, pool, allowFastPath);
        }

        var result = ParseJson(buffer.AsSpan(0, length), pool.Rent(dataCapacity), 0, headers, options, pool, allowFastPath);
        pool.Return(buffer);
        return result;
    }

    /// <summary>Parses <paramref name="json"/>, decoding the records into <paramref name="data"/> (whose ownership passes to the delivery).</summary>
    private static FirehoseParseResult ParseJson(ReadOnlySpan<byte> json, byte[] data, int dataStart, in FirehoseRequestHeaders headers, FirehoseParserOptions options, ArrayPool<byte> pool, bool allowFastPath)
    {
        var delivery = DeliveryPool.Rent();
        delivery.Initialize(pool, data, dataStart, headers.SourceArn, headers.CommonAttributes);

        FirehoseError? error = null;
        if (!allowFastPath || !WholeSpanScanner.TryParse(json, delivery, options, out var requestId, out var timestamp))
        {
            delivery.ResetRecords();
            error = GeneralJsonParser.Parse(json, delivery, options, pool, out requestId, out timestamp);
        }

        return DeliveryCompletion.Complete(delivery, error, json, requestId, timestamp, headers);
    }
}
