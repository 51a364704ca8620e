using System.Buffers;
using System.Buffers.Text;
using System.Text.Unicode;
using FirehoseAuth.Protocol;

namespace FirehoseReceiver;

/// <summary>
/// Formats one delivery's NDJSON lines into as many buffers as it takes, resuming where the last one filled:
/// <c>{"requestId":"…","timestamp":N[,"stream":"…"],"index":I,"data":"…"}</c> (or <c>"dataBase64"</c> for a record that
/// is not valid UTF-8). The part before the index is the same on every line of a delivery; it is formatted once
/// (<paramref name="linePrefix"/>) and copied. Each record is checked for valid UTF-8 once.
/// </summary>
/// <param name="records">The records; they must stay valid (the delivery undisposed) until <see cref="IsComplete"/>.</param>
/// <param name="linePrefix">Everything up to and including <c>"index":</c>; see <see cref="WritePrefix(string, long, ReadOnlySpan{byte}, Span{byte})"/>.</param>
internal struct NdjsonDeliveryFormatter(FirehoseRecordList records, ReadOnlyMemory<byte> linePrefix) : IDeliveryLineFormatter
{
    /// <summary>The bytes after the prefix that a line's start needs at most: an index, <c>,"dataBase64":"</c>.</summary>
    private const int MaxHeadAfterPrefix = 11 + 15;

    private int _record;
    private int _offset;
    private Phase _phase;
    private bool _base64;

    private enum Phase
    {
        Head,
        Data,
        Tail,
    }

    /// <summary>The smallest buffer <see cref="Fill"/> always makes progress in.</summary>
    public readonly int MinimumBufferLength => linePrefix.Length + MaxHeadAfterPrefix;

    /// <summary>Whether every line has been formatted.</summary>
    public readonly bool IsComplete => _record >= records.Count;

    /// <summary>
    /// Writes everything up to and including <c>"index":</c> of a delivery's lines into <paramref name="destination"/>
    /// (which must hold <see cref="MaxPrefixLength"/> bytes).
    /// </summary>
    /// <param name="escapedStream">The stream member (<c>"stream":"…",</c>), already escaped, or empty.</param>
    /// <returns>The bytes written.</returns>
    public static int WritePrefix(string requestId, long timestamp, ReadOnlySpan<byte> escapedStream, Span<byte> destination)
        => WritePrefix(requestId, timestamp, includeTimestamp: true, escapedStream, destination);

    /// <summary>
    /// Writes the prefix with or without the delivery's <c>"timestamp"</c> (a Metric Streams line carries the metric's
    /// own <c>"timestamp"</c> instead).
    /// </summary>
    /// <returns>The bytes written.</returns>
    public static int WritePrefix(string requestId, long timestamp, bool includeTimestamp, ReadOnlySpan<byte> escapedStream, Span<byte> destination)
    {
        var written = Append(destination, 0, "{\"requestId\":\""u8);
        var utf8 = ArrayPool<byte>.Shared.Rent(System.Text.Encoding.UTF8.GetMaxByteCount(requestId.Length));
        try
        {
            // A lone surrogate becomes U+FFFD, as the JSON writer's encoder makes it.
            var length = System.Text.Encoding.UTF8.GetBytes(requestId, utf8);
            written += JsonStringEscaper.EscapeAll(utf8.AsSpan(0, length), destination[written..]);
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(utf8);
        }

        if (includeTimestamp)
        {
            written = Append(destination, written, "\",\"timestamp\":"u8);
            Utf8Formatter.TryFormat(timestamp, destination[written..], out var digits);
            written = Append(destination, written + digits, ","u8);
        }
        else
        {
            written = Append(destination, written, "\","u8);
        }

        written = Append(destination, written, escapedStream);
        return Append(destination, written, "\"index\":"u8);
    }

    /// <summary>The most bytes <see cref="WritePrefix(string, long, ReadOnlySpan{byte}, Span{byte})"/> writes for these values.</summary>
    public static int MaxPrefixLength(string requestId, int escapedStreamLength)
        => 64 + (System.Text.Encoding.UTF8.GetMaxByteCount(requestId.Length) * JsonStringEscaper.MaxExpansion) + escapedStreamLength;

    /// <summary>Formats lines into <paramref name="destination"/> until it is full or the delivery is done.</summary>
    /// <returns>The bytes written; 0 only when <see cref="IsComplete"/>.</returns>
    public int Fill(Span<byte> destination)
    {
        if (destination.Length < MinimumBufferLength)
        {
            throw new ArgumentException($"The buffer must hold at least {MinimumBufferLength} bytes.", nameof(destination));
        }

        var written = 0;
        while (_record < records.Count)
        {
            var data = records[_record].Span;
            switch (_phase)
            {
                case Phase.Head:
                    if (destination.Length - written < MinimumBufferLength)
                    {
                        return written;
                    }

                    written = Append(destination, written, linePrefix.Span);
                    Utf8Formatter.TryFormat(_record, destination[written..], out var digits);
                    written += digits;
                    _base64 = !Utf8.IsValid(data);
                    written = Append(destination, written, _base64 ? ",\"dataBase64\":\""u8 : ",\"data\":\""u8);
                    _offset = 0;
                    _phase = Phase.Data;
                    break;
                case Phase.Data:
                    var status = _base64
                        ? Base64.EncodeToUtf8(data[_offset..], destination[written..], out var consumed, out var produced)
                        : JsonStringEscaper.Escape(data[_offset..], destination[written..], out consumed, out produced);
                    _offset += consumed;
                    written += produced;
                    if (status != OperationStatus.Done)
                    {
                        return written;
                    }

                    _phase = Phase.Tail;
                    break;
                default:
                    if (destination.Length - written < 3)
                    {
                        return written;
                    }

                    written = Append(destination, written, "\"}\n"u8);
                    _phase = Phase.Head;
                    _record++;
                    break;
            }
        }

        return written;
    }

    private static int Append(Span<byte> destination, int written, ReadOnlySpan<byte> value)
    {
        value.CopyTo(destination[written..]);
        return written + value.Length;
    }
}
