using System.Buffers;
using System.Collections.Concurrent;
using FirehoseAuth.Protocol;

namespace FirehoseReceiver;

/// <summary>
/// Writes one NDJSON line per record — <c>{"requestId","timestamp"[,"stream"],"index","data"}</c>, with
/// <c>"dataBase64"</c> instead of <c>"data"</c> when the record is not valid UTF-8 — and flushes before returning, so a
/// 200 means the lines are written. A delivery's lines are whole, in record order, and never interleave with another
/// delivery's.
/// </summary>
/// <remarks>
/// Concurrent deliveries format their lines into their own pooled buffer (up to <see cref="MaxUnlockedBytes"/>)
/// before taking the lock, which is held only to write (and to format what did not fit, a buffer at a time).
/// </remarks>
internal sealed class NdjsonRecordWriter : IAsyncDisposable
{
    /// <summary>How much of a delivery is formatted before the lock is taken; the rest is formatted under it.</summary>
    /// <remarks>
    /// Each concurrent delivery holds (and the shared pool keeps) a buffer of this size, so it is what peak RSS pays per
    /// connection: at 2 MiB, 8 connections of 500 × 2 KiB records held about 9 MiB of touched output buffers. Formatting
    /// runs at 1–2 GB/s, so the part formatted under the lock costs the others well under a millisecond a delivery.
    /// </remarks>
    public const int MaxUnlockedBytes = 256 * 1024;

    private readonly Stream _output;
    private readonly byte[] _escapedStream;
    private readonly SemaphoreSlim _gate = new(1, 1);
    private readonly ConcurrentDictionary<string, byte[]> _streams = new(StringComparer.Ordinal);

    /// <param name="output">Where the lines go; written and flushed under this writer's lock only.</param>
    /// <param name="streamName">The delivery stream's name, written on every line as <c>"stream"</c>; none when null.</param>
    public NdjsonRecordWriter(Stream output, string? streamName = null)
    {
        _output = output;
        _escapedStream = streamName is null ? [] : EscapeStream(streamName);
    }

    /// <summary>Writes the delivery's lines with the stream name given at construction (if any).</summary>
    public ValueTask WriteAsync(FirehoseDelivery delivery, CancellationToken cancellationToken)
        => WriteAsync(delivery, _escapedStream, cancellationToken);

    /// <summary>
    /// Writes the delivery's lines with <paramref name="streamName"/> as <c>"stream"</c>: several named streams can
    /// share one writer (and so one lock) on one output without their lines interleaving.
    /// </summary>
    public ValueTask WriteAsync(FirehoseDelivery delivery, string streamName, CancellationToken cancellationToken)
        => WriteAsync(delivery, _streams.GetOrAdd(streamName, EscapeStream), cancellationToken);

    /// <summary>The <c>"stream":"…",</c> member for <paramref name="streamName"/> (escaped, cached), or the one given at construction when null.</summary>
    public byte[] EscapedStream(string? streamName) => streamName is null ? _escapedStream : _streams.GetOrAdd(streamName, EscapeStream);

    private async ValueTask WriteAsync(FirehoseDelivery delivery, byte[] escapedStream, CancellationToken cancellationToken)
    {
        var prefix = ArrayPool<byte>.Shared.Rent(NdjsonDeliveryFormatter.MaxPrefixLength(delivery.RequestId, escapedStream.Length));
        var prefixLength = NdjsonDeliveryFormatter.WritePrefix(delivery.RequestId, delivery.TimestampMilliseconds, escapedStream, prefix);
        try
        {
            var formatter = new NdjsonDeliveryFormatter(delivery.Records, prefix.AsMemory(0, prefixLength));
            await WriteLinesAsync(formatter, BufferLength(delivery.Records, prefixLength, formatter.MinimumBufferLength), cancellationToken).ConfigureAwait(false);
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(prefix);
        }
    }

    /// <summary>
    /// Writes every line of <paramref name="formatter"/>: up to <paramref name="bufferLength"/> bytes are formatted
    /// into a pooled buffer before the lock is taken, the rest under it a buffer at a time; flushed before returning.
    /// </summary>
    public async ValueTask WriteLinesAsync<TFormatter>(TFormatter formatter, int bufferLength, CancellationToken cancellationToken)
        where TFormatter : struct, IDeliveryLineFormatter
    {
        var buffer = ArrayPool<byte>.Shared.Rent(bufferLength);
        try
        {
            var written = formatter.Fill(buffer);
            await _gate.WaitAsync(cancellationToken).ConfigureAwait(false);
            try
            {
                await _output.WriteAsync(buffer.AsMemory(0, written), cancellationToken).ConfigureAwait(false);
                while (!formatter.IsComplete)
                {
                    written = formatter.Fill(buffer);
                    await _output.WriteAsync(buffer.AsMemory(0, written), cancellationToken).ConfigureAwait(false);
                }

                await _output.FlushAsync(cancellationToken).ConfigureAwait(false);
            }
            finally
            {
                _gate.Release();
            }
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(buffer);
        }
    }

    public ValueTask DisposeAsync()
    {
        _gate.Dispose();
        return ValueTask.CompletedTask;
    }

    /// <summary>Room for the whole delivery when it is plain text (1/16 spare for escapes), within the bounds.</summary>
    private static int BufferLength(FirehoseRecordList records, int prefixLength, int minimum)
    {
        long estimate = 0;
        foreach (var record in records)
        {
            estimate += record.Length + (record.Length >> 4) + prefixLength + 32;
        }

        return (int)Math.Clamp(estimate, minimum, Math.Max(minimum, MaxUnlockedBytes));
    }

    private static byte[] EscapeStream(string streamName)
    {
        var utf8 = System.Text.Encoding.UTF8.GetBytes(streamName);
        var escaped = new byte[utf8.Length * JsonStringEscaper.MaxExpansion + 12];
        var written = 0;
        "\"stream\":\""u8.CopyTo(escaped);
        written += 10;
        written += JsonStringEscaper.EscapeAll(utf8, escaped.AsSpan(written));
        "\","u8.CopyTo(escaped.AsSpan(written));
        return escaped.AsSpan(0, written + 2).ToArray();
    }
}
