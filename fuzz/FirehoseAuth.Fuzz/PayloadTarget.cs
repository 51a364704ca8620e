using FirehoseAuth.Payloads;
using FirehoseAuth.Protocol;
using FirehoseAuth.Tests.Protocol;

namespace FirehoseAuth.Fuzz;

/// <summary>
/// The payload decoders' part of the fuzz target: every record goes through <see cref="FirehosePayloadReader.Read"/>
/// in each format and in <see cref="FirehoseRecordFormat.Auto"/>. Any exception that escapes is a finding, and so is a
/// broken invariant:
/// <list type="bullet">
/// <item>a result always carries the record as delivered (<see cref="FirehosePayloadRecord.RawRecord"/> equal to the
/// input, byte for byte); a failure carries a non-empty safe message, a status its format can give, and no items;</item>
/// <item>gunzipped bytes never exceed the caps: no read adds more than <see cref="FirehoseParserOptions.MaxDecompressedRecordSize"/>,
/// the reader's count never passes <see cref="FirehoseParserOptions.MaxDecompressedDeliverySize"/>;</item>
/// <item>Auto reads a record as <see cref="FirehosePayloadReader.Detect"/> says, or as raw with
/// <see cref="PayloadStatus.UnknownFormat"/>, and decides as that explicit format does;</item>
/// <item>the reader is reusable: after <see cref="FirehosePayloadReader.Reset"/> the same records decode to the same
/// items, lists handed out before the reset throw <see cref="ObjectDisposedException"/>, and after
/// <see cref="FirehosePayloadReader.Dispose"/> every pooled array was returned exactly once.</item>
/// </list>
/// </summary>
internal static class PayloadTarget
{
    private static readonly FirehoseRecordFormat[] Formats =
    [
        FirehoseRecordFormat.CloudWatchLogs,
        FirehoseRecordFormat.CloudWatchMetricsJson,
        FirehoseRecordFormat.CloudWatchMetricsOpenTelemetry,
        FirehoseRecordFormat.Raw,
        FirehoseRecordFormat.Auto,
    ];

    /// <summary>Reads <paramref name="records"/> as one delivery, twice (with a reset between), then disposes the reader.</summary>
    /// <param name="records">The records (the parsed delivery's, or the raw input as one record).</param>
    /// <param name="lowered">Small caps, so that the 'too large' paths are reached with small inputs.</param>
    public static void Run(IReadOnlyList<ReadOnlyMemory<byte>> records, bool lowered)
    {
        var limits = lowered
            ? new FirehoseParserOptions { MaxDecompressedRecordSize = 512, MaxDecompressedDeliverySize = 2048 }
            : new FirehoseParserOptions { MaxDecompressedRecordSize = 1 << 20, MaxDecompressedDeliverySize = 4 << 20 };
        var pool = new CountingArrayPool();
        var reader = new FirehosePayloadReader(limits, pool);

        var first = ReadAll(reader, records, limits, out var kept);
        reader.Reset();
        if (reader.DecompressedBytes != 0)
        {
            throw new InvalidOperationException($"After a reset the reader still counts {reader.DecompressedBytes} gunzipped bytes.");
        }

        if (kept is { } list && !Throws(() => list.Count))
        {
            throw new InvalidOperationException("A list handed out before the reset can still be read.");
        }

        var second = ReadAll(reader, records, limits, out _);
        if (first != second)
        {
            throw new InvalidOperationException($"The reader is not reusable: after a reset the same records decode differently:\n first:  {first}\n second: {second}");
        }

        reader.Dispose();
        if (pool.Outstanding != 0 || pool.Rented != pool.Returned)
        {
            throw new InvalidOperationException($"The disposed reader kept pooled arrays: {pool.Rented} rented, {pool.Returned} returned.");
        }
    }

    private static string ReadAll(FirehosePayloadReader reader, IReadOnlyList<ReadOnlyMemory<byte>> records, FirehoseParserOptions limits, out PayloadList<CloudWatchLogsMessage>? kept)
    {
        kept = null;
        var hash = new HashCode();
        foreach (var record in records)
        {
            var statuses = new Dictionary<FirehoseRecordFormat, PayloadStatus>();
            foreach (var format in Formats)
            {
                var before = reader.DecompressedBytes;
                var result = reader.Read(record, format);
                CheckCaps(reader, before, limits);
                Check(result, record, format);
                if (format == FirehoseRecordFormat.Auto)
                {
                    CheckAuto(result, record, statuses);
                }
                else
                {
                    statuses[format] = result.Status;
                }

                if (result.Format == FirehoseRecordFormat.CloudWatchLogs && result.IsSuccess)
                {
                    kept = result.CloudWatchLogs.Messages;
                }

                hash.Add(PayloadWalker.Describe(result));
            }
        }

        return $"{records.Count} records, {reader.DecompressedBytes} gunzipped bytes, {hash.ToHashCode()}";
    }

    private static void CheckCaps(FirehosePayloadReader reader, long before, FirehoseParserOptions limits)
    {
        var added = reader.DecompressedBytes - before;
        if (added < 0 || added > limits.MaxDecompressedRecordSize || reader.DecompressedBytes > limits.MaxDecompressedDeliverySize)
        {
            throw new InvalidOperationException($"A read gunzipped {added} bytes ({reader.DecompressedBytes} in the delivery): over the caps {limits.MaxDecompressedRecordSize} / {limits.MaxDecompressedDeliverySize}.");
        }
    }

    private static void Check(FirehosePayloadRecord result, ReadOnlyMemory<byte> record, FirehoseRecordFormat asked)
    {
        if (!result.RawRecord.Span.SequenceEqual(record.Span) || !result.RawRecord.Equals(record))
        {
            throw new InvalidOperationException($"{asked}: the raw record handed back is not the record read.");
        }

        if (result.Format == FirehoseRecordFormat.Auto || (asked != FirehoseRecordFormat.Auto && result.Format != asked))
        {
            throw new InvalidOperationException($"Asked for {asked}, read as {result.Format}.");
        }

        if (result.IsSuccess != (result.ErrorMessage is null) || (!result.IsSuccess && string.IsNullOrWhiteSpace(result.ErrorMessage)))
        {
            throw new InvalidOperationException($"{asked}: status {result.Status} with message '{result.ErrorMessage}'.");
        }

        if (!Allowed(result.Format, result.Status, asked == FirehoseRecordFormat.Auto))
        {
            throw new InvalidOperationException($"{asked}: read as {result.Format}, status {result.Status}, which that format never gives.");
        }

        if (!result.IsSuccess && PayloadWalker.ItemCount(result) != 0)
        {
            throw new InvalidOperationException($"{asked}: a failed record ({result.Status}) handed out items.");
        }
    }

    private static void CheckAuto(FirehosePayloadRecord result, ReadOnlyMemory<byte> record, Dictionary<FirehoseRecordFormat, PayloadStatus> statuses)
    {
        var detected = FirehosePayloadReader.Detect(record.Span);
        if (result.Format != detected || (detected == FirehoseRecordFormat.Raw && result.Status != PayloadStatus.UnknownFormat))
        {
            throw new InvalidOperationException($"Auto read the record as {result.Format} ({result.Status}); Detect says {detected}.");
        }

        // The delivery cap counts every read, so a record gunzipped again under Auto may be the one that reaches it.
        if (detected != FirehoseRecordFormat.Raw && statuses[detected] != result.Status && result.Status != PayloadStatus.DecompressedDeliveryTooLarge)
        {
            throw new InvalidOperationException($"Auto and {detected} disagree: {result.Status} against {statuses[detected]}.");
        }
    }

    private static bool Allowed(FirehoseRecordFormat format, PayloadStatus status, bool auto) => status switch
    {
        PayloadStatus.Ok => true,
        PayloadStatus.CorruptGzip or PayloadStatus.DecompressedRecordTooLarge or PayloadStatus.DecompressedDeliveryTooLarge or PayloadStatus.InvalidJson
            => format is FirehoseRecordFormat.CloudWatchLogs or FirehoseRecordFormat.CloudWatchMetricsJson,
        PayloadStatus.NotCloudWatchLogs => format == FirehoseRecordFormat.CloudWatchLogs,
        PayloadStatus.NotCloudWatchMetrics => format == FirehoseRecordFormat.CloudWatchMetricsJson,
        PayloadStatus.InvalidFraming => format == FirehoseRecordFormat.CloudWatchMetricsOpenTelemetry,
        PayloadStatus.UnknownFormat => auto && format == FirehoseRecordFormat.Raw,
        _ => false,
    };

    private static bool Throws(Func<int> read)
    {
        try
        {
            read();
            return false;
        }
        catch (ObjectDisposedException)
        {
            return true;
        }
    }
}
