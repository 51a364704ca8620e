using System.Collections.Concurrent;
using System.Text;
using System.Text.Unicode;
using FirehoseAuth.Payloads;
using FirehoseAuth.Protocol;

namespace FirehoseReceiver;

/// <summary>
/// Decodes every record of a delivery with the library's <see cref="FirehosePayloadReader"/> and decides, per record,
/// whether its lines come from the decoded payload or it is written raw with <c>"formatError"</c>: when it did not
/// decode (the reader's safe message), or when a string that a line would carry is not valid UTF-8.
/// </summary>
internal static class DeliveryDecoder
{
    /// <summary>The reason given for a decoded record whose text is not valid UTF-8 (the reader does not check it).</summary>
    public static readonly byte[] NotUtf8 = "The record holds a string that is not valid UTF-8."u8.ToArray();

    private static readonly ConcurrentDictionary<PayloadStatus, byte[]> Reasons = new();

    /// <summary>Reads each record into <paramref name="decoded"/>.</summary>
    /// <returns>An estimate of the bytes the lines take, to size the output buffer.</returns>
    public static long Decode(FirehosePayloadReader reader, FirehoseRecordList records, FirehoseRecordFormat format, Span<DecodedRecord> decoded)
    {
        long lines = 0;
        long bytes = 0;
        for (var i = 0; i < records.Count; i++)
        {
            var payload = reader.Read(records[i], format);
            var error = !payload.IsSuccess
                ? Reasons.GetOrAdd(payload.Status, static (_, message) => Encoding.UTF8.GetBytes(message), payload.ErrorMessage!)
                : IsText(payload, ref lines) ? default(ReadOnlyMemory<byte>) : NotUtf8;
            var rawIsText = !error.IsEmpty && Utf8.IsValid(payload.RawRecord.Span);
            decoded[i] = new DecodedRecord(payload, error, rawIsText);
            bytes += error.IsEmpty ? 0 : (payload.RawRecord.Length * 4L / 3) + 256;
        }

        return bytes + (reader.DecompressedBytes * 17 / 16) + (lines * 256);
    }

    /// <summary>Whether every string a line would carry is valid UTF-8; counts the lines.</summary>
    private static bool IsText(in FirehosePayloadRecord payload, ref long lines)
    {
        switch (payload.Format)
        {
            case FirehoseRecordFormat.CloudWatchLogs:
                foreach (var message in payload.CloudWatchLogs.Messages)
                {
                    if (!message.IsData)
                    {
                        continue;
                    }

                    var valid = Utf8.IsValid(message.Owner.Span) && Utf8.IsValid(message.LogGroup.Span) && Utf8.IsValid(message.LogStream.Span);
                    foreach (var filter in message.SubscriptionFilters)
                    {
                        valid &= Utf8.IsValid(filter.Span);
                    }

                    foreach (var e in message.LogEvents)
                    {
                        valid &= Utf8.IsValid(e.Id.Span) && Utf8.IsValid(e.Message.Span);
                    }

                    if (!valid)
                    {
                        return false;
                    }

                    lines += message.LogEvents.Count;
                }

                return true;
            case FirehoseRecordFormat.CloudWatchMetricsJson:
                foreach (var metric in payload.CloudWatchMetrics.Metrics)
                {
                    var valid = Utf8.IsValid(metric.MetricStreamName.Span) && Utf8.IsValid(metric.AccountId.Span) && Utf8.IsValid(metric.Region.Span)
                        && Utf8.IsValid(metric.Namespace.Span) && Utf8.IsValid(metric.MetricName.Span) && Utf8.IsValid(metric.Unit.Span);
                    foreach (var dimension in metric.Dimensions)
                    {
                        valid &= Utf8.IsValid(dimension.Name.Span) && Utf8.IsValid(dimension.Value.Span);
                    }

                    foreach (var percentile in metric.Percentiles)
                    {
                        valid &= Utf8.IsValid(percentile.Name.Span);
                    }

                    if (!valid)
                    {
                        return false;
                    }
                }

                lines += payload.CloudWatchMetrics.Metrics.Count;
                return true;
            default:
                lines += payload.OpenTelemetryMetrics.Messages.Count;
                return true;
        }
    }
}
