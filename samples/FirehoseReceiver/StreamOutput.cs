using System.Buffers;
using System.Collections.Concurrent;
using FirehoseAuth.Payloads;
using FirehoseAuth.Protocol;

namespace FirehoseReceiver;

/// <summary>
/// One stream's NDJSON output. <see cref="FirehoseRecordFormat.Raw"/> writes one line per record exactly as
/// <see cref="NdjsonRecordWriter"/> always has; any other format decodes the delivery with a
/// <see cref="FirehosePayloadReader"/> under the stream's own limits, then formats and writes its lines through the same
/// writer (pooled buffer, lock only to write, flushed before the 200), so streams sharing the output never interleave.
/// </summary>
internal sealed class StreamOutput
{
    /// <summary>
    /// A reader used on a delivery larger than this (its records, plus what it gunzipped) is disposed, not kept, so that
    /// its grown buffers go back to the pool; the bag keeps at most one reader per delivery that was in flight at once.
    /// </summary>
    private const long MaxKeptBytes = 16 * 1024 * 1024;

    private readonly NdjsonRecordWriter _writer;
    private readonly string? _streamName;
    private readonly Func<FirehoseParserOptions> _limits;
    private readonly ConcurrentBag<FirehosePayloadReader> _readers = [];
    private FirehoseParserOptions? _resolvedLimits;

    /// <param name="writer">The output every stream shares.</param>
    /// <param name="streamName">The named stream (written as <c>"stream"</c>), or <see langword="null"/> for the default one.</param>
    /// <param name="format">The stream's record format.</param>
    /// <param name="limits">The stream's limits, asked for on the first decoded delivery (after start-up validation).</param>
    public StreamOutput(NdjsonRecordWriter writer, string? streamName, FirehoseRecordFormat format, Func<FirehoseParserOptions> limits)
    {
        _writer = writer;
        _streamName = streamName;
        Format = format;
        _limits = limits;
    }

    public FirehoseRecordFormat Format { get; }

    /// <summary>Writes the delivery's lines in the stream's format; flushed when the task completes.</summary>
    public ValueTask WriteAsync(FirehoseDelivery delivery, CancellationToken cancellationToken)
    {
        if (Format == FirehoseRecordFormat.Raw)
        {
            return _streamName is null ? _writer.WriteAsync(delivery, cancellationToken) : _writer.WriteAsync(delivery, _streamName, cancellationToken);
        }

        return WriteDecodedAsync(delivery, cancellationToken);
    }

    private async ValueTask WriteDecodedAsync(FirehoseDelivery delivery, CancellationToken cancellationToken)
    {
        var records = delivery.Records;
        var reader = RentReader();
        var decoded = ArrayPool<DecodedRecord>.Shared.Rent(records.Count);
        var escapedStream = _writer.EscapedStream(_streamName);
        var prefixes = ArrayPool<byte>.Shared.Rent(2 * NdjsonDeliveryFormatter.MaxPrefixLength(delivery.RequestId, escapedStream.Length));
        try
        {
            var estimate = DeliveryDecoder.Decode(reader, records, Format, decoded);
            var prefix = NdjsonDeliveryFormatter.WritePrefix(delivery.RequestId, delivery.TimestampMilliseconds, escapedStream, prefixes);
            var metricPrefix = NdjsonDeliveryFormatter.WritePrefix(delivery.RequestId, delivery.TimestampMilliseconds, includeTimestamp: false, escapedStream, prefixes.AsSpan(prefix));
            var cursor = new PayloadLineCursor(new ArraySegment<DecodedRecord>(decoded, 0, records.Count), prefixes.AsMemory(0, prefix), prefixes.AsMemory(prefix, metricPrefix));
            var formatter = new PayloadDeliveryFormatter(cursor);
            var length = Math.Clamp(estimate + (records.Count * (long)(prefix + 32)), formatter.MinimumBufferLength, NdjsonRecordWriter.MaxUnlockedBytes);
            await _writer.WriteLinesAsync(formatter, (int)length, cancellationToken).ConfigureAwait(false);
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(prefixes);
            ArrayPool<DecodedRecord>.Shared.Return(decoded, clearArray: true);
            ReturnReader(reader, records);
        }
    }

    private FirehosePayloadReader RentReader()
        => _readers.TryTake(out var reader) ? reader : new FirehosePayloadReader(_resolvedLimits ??= _limits());

    private void ReturnReader(FirehosePayloadReader reader, FirehoseRecordList records)
    {
        long recordBytes = 0;
        foreach (var record in records)
        {
            recordBytes += record.Length;
        }

        if (reader.DecompressedBytes + recordBytes > MaxKeptBytes)
        {
            reader.Dispose();
            return;
        }

        reader.Reset();
        _readers.Add(reader);
    }
}
