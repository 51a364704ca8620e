using FirehoseAuth.Protocol;

namespace FirehoseAuth.Payloads;

/// <summary>
/// Gunzips a record into the reader's arena with <see cref="GzipInflater"/> (the project's one gunzip, with its
/// truncation sentinel), under the per-record and the per-delivery caps.
/// </summary>
internal static class PayloadInflater
{
    private const int ReadChunk = 16 * 1024;

    public static PayloadStatus Inflate(PayloadStore store, ReadOnlySpan<byte> record, int maxRecord, long maxDelivery, out ReadOnlyMemory<byte> json)
    {
        json = default;
        var deliveryRoom = Math.Max(0, maxDelivery - store.DecompressedBytes);
        var limit = (int)Math.Min(maxRecord, deliveryRoom);
        var tooLarge = limit < maxRecord ? PayloadStatus.DecompressedDeliveryTooLarge : PayloadStatus.DecompressedRecordTooLarge;

        // The inflater reads the record followed by its sentinel from one array: the record is copied (it is a view of
        // the delivery's buffer, whose next bytes belong to the next record).
        var input = store.GzipInput(record.Length + GzipInflater.SentinelLength);
        record.CopyTo(input);

        var cap = limit + GzipInflater.MarkerLength;
        var arena = store.Arena;
        var used = 0;
        try
        {
            using var gzip = GzipInflater.Open(input, 0, record.Length);
            var first = Math.Min(GzipInflater.SizeHint(record, limit), limit) + GzipInflater.MarkerLength + 1;
            var space = arena.Reserve(0, first);
            while (true)
            {
                if (space.IsEmpty)
                {
                    space = arena.Reserve(used, Math.Min(Math.Max(ReadChunk, used), cap + 1 - used));
                }

                var read = gzip.Read(space[..Math.Min(space.Length, cap + 1 - used)]);
                if (read == 0)
                {
                    break;
                }

                used += read;
                space = space[read..];
                if (used > cap)
                {
                    return tooLarge;
                }
            }
        }
        catch (InvalidDataException)
        {
            return PayloadStatus.CorruptGzip;
        }

        if (!GzipInflater.EndsWithMarker(arena.Pending(used)))
        {
            return PayloadStatus.CorruptGzip;
        }

        var length = used - GzipInflater.MarkerLength;
        store.DecompressedBytes += length;
        json = arena.Commit(length);
        return PayloadStatus.Ok;
    }
}
