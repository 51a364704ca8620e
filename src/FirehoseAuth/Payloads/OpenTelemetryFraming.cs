namespace FirehoseAuth.Payloads;

/// <summary>
/// The framing of CloudWatch Metric Streams' OpenTelemetry formats: each <c>ExportMetricsServiceRequest</c> is preceded
/// by its length as a protobuf base-128 varint. Only the framing is read; each message must start with a valid protobuf
/// field tag (field number at least 1, wire type 0, 1, 2 or 5) — a cheap check that the split is not garbage.
/// </summary>
internal static class OpenTelemetryFraming
{
    /// <summary>The longest varint accepted for a length: 5 bytes (lengths are below 2^31).</summary>
    private const int MaxLengthBytes = 5;

    /// <summary>Splits the record into the store's list of byte slices; fails when the framing is wrong.</summary>
    public static PayloadStatus Split(PayloadStore store, ReadOnlyMemory<byte> record, out int messageStart)
    {
        messageStart = store.StringCount;
        return Walk(record.Span, store, record) ? PayloadStatus.Ok : PayloadStatus.InvalidFraming;
    }

    /// <summary>Whether the whole record frames as one or more messages (for detection; stores nothing).</summary>
    public static bool IsFramed(ReadOnlySpan<byte> record) => Walk(record, null, default);

    private static bool Walk(ReadOnlySpan<byte> span, PayloadStore? store, ReadOnlyMemory<byte> record)
    {
        var position = 0;
        var count = 0;
        while (position < span.Length)
        {
            if (!TryReadVarint(span[position..], MaxLengthBytes, out var length, out var consumed))
            {
                return false;
            }

            position += consumed;
            if (length > (ulong)(span.Length - position) || (length > 0 && !StartsWithFieldTag(span.Slice(position, (int)length))))
            {
                return false;
            }

            store?.Add(record.Slice(position, (int)length));
            position += (int)length;
            count++;
        }

        return count > 0;
    }

    /// <summary>Whether <paramref name="message"/> starts with a protobuf field tag that a message can hold.</summary>
    public static bool StartsWithFieldTag(ReadOnlySpan<byte> message)
    {
        if (!TryReadVarint(message, MaxLengthBytes, out var tag, out _))
        {
            return false;
        }

        var wireType = tag & 7;
        var field = tag >> 3;
        return field is >= 1 and <= 536_870_911 && wireType is 0 or 1 or 2 or 5;
    }

    private static bool TryReadVarint(ReadOnlySpan<byte> input, int maxBytes, out ulong value, out int consumed)
    {
        value = 0;
        for (var i = 0; i < input.Length && i < maxBytes; i++)
        {
            value |= (ulong)(input[i] & 0x7F) << (7 * i);
            if (input[i] < 0x80)
            {
                consumed = i + 1;
                return true;
            }
        }

        consumed = 0;
        return false;
    }
}
