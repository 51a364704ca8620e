using FirehoseAuth.Protocol;

namespace FirehoseAuth.Payloads;

/// <summary>
/// Gunzips a record into the reader's arena with <see cref="GzipInflater.Inflate{TSink}"/> (the project's one gunzip
/// loop, with its truncation sentinel), under the per-record and the per-delivery caps, and maps its status.
/// </summary>
internal static class PayloadInflater
{
    public static PayloadStatus Inflate(PayloadStore store, ReadOnlySpan<byte> record, int maxRecord, long maxDelivery, out ReadOnlyMemory<byte> json)
    {
        json = default;
        var limit = DecompressionCap.ForRecord(maxRecord, maxDelivery, store.DecompressedBytes, out var deliveryBinds);
        var tooLarge = deliveryBinds ? PayloadStatus.DecompressedDeliveryTooLarge : PayloadStatus.DecompressedRecordTooLarge;

        // The inflater reads the record followed by its sentinel from one array: the record is copied (it is a view of
        // the delivery's buffer, whose next bytes belong to the next record).
        var input = store.GzipInput(record.Length + GzipInflater.SentinelLength);
        record.CopyTo(input);

        var first = Math.Min(GzipInflater.SizeHint(record, limit), limit) + GzipInflater.MarkerLength + 1;
        var sink = new ArenaInflateSink(store.Arena, first);
        switch (GzipInflater.Inflate(input, 0, record.Length, limit, ref sink, out var length))
        {
            case InflateStatus.Ok:
                store.DecompressedBytes += length;
                json = store.Arena.Commit(length);
                return PayloadStatus.Ok;
            case InflateStatus.TooLarge:
                return tooLarge;
            default:
                return PayloadStatus.CorruptGzip;
        }
    }
}
