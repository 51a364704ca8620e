using System.Text.Json;
using FirehoseAuth.Payloads;

namespace FirehoseAuth.Fuzz;

/// <summary>
/// Reads every item and field of a decoded record (as a handler would) into a hash, so that two reads can be compared,
/// and checks what each item promises: OpenTelemetry messages are zero-copy slices of the record that tile it with
/// their length prefixes (1 to 5 bytes each); an event's extracted fields are one complete JSON object.
/// </summary>
internal static class PayloadWalker
{
    public static int ItemCount(FirehosePayloadRecord result) => result.Format switch
    {
        FirehoseRecordFormat.CloudWatchLogs => result.CloudWatchLogs.Messages.Count,
        FirehoseRecordFormat.CloudWatchMetricsJson => result.CloudWatchMetrics.Metrics.Count,
        FirehoseRecordFormat.CloudWatchMetricsOpenTelemetry => result.OpenTelemetryMetrics.Messages.Count,
        _ => 0,
    };

    public static int Describe(FirehosePayloadRecord result)
    {
        var hash = new HashCode();
        hash.Add(result.Format);
        hash.Add(result.Status);
        hash.Add(result.ErrorMessage);
        switch (result.Format)
        {
            case FirehoseRecordFormat.CloudWatchLogs:
                hash.AddBytes(result.CloudWatchLogs.Json.Span);
                foreach (var message in result.CloudWatchLogs.Messages)
                {
                    Add(ref hash, message);
                }

                break;
            case FirehoseRecordFormat.CloudWatchMetricsJson:
                foreach (var metric in result.CloudWatchMetrics.Metrics)
                {
                    Add(ref hash, metric);
                }

                break;
            case FirehoseRecordFormat.CloudWatchMetricsOpenTelemetry:
                CheckFraming(result.RawRecord, result.OpenTelemetryMetrics.Messages);
                foreach (var message in result.OpenTelemetryMetrics.Messages)
                {
                    hash.AddBytes(message.Span);
                }

                break;
        }

        return hash.ToHashCode();
    }

    private static void Add(ref HashCode hash, CloudWatchLogsMessage message)
    {
        hash.Add(message.MessageType);
        hash.Add(message.IsData);
        hash.AddBytes(message.Owner.Span);
        hash.AddBytes(message.LogGroup.Span);
        hash.AddBytes(message.LogStream.Span);
        hash.AddBytes(message.PolicyLevel.Span);
        foreach (var filter in message.SubscriptionFilters)
        {
            hash.AddBytes(filter.Span);
        }

        foreach (var e in message.LogEvents)
        {
            hash.AddBytes(e.Id.Span);
            hash.Add(e.TimestampMilliseconds);
            hash.Add(e.Timestamp);
            hash.AddBytes(e.Message.Span);
            hash.Add(e.GetMessageString());
            hash.AddBytes(e.AwsAccount.Span);
            hash.AddBytes(e.AwsRegion.Span);
            if (!e.ExtractedFields.IsEmpty && !IsOneObject(e.ExtractedFields.Span))
            {
                throw new InvalidOperationException("An event's extracted fields are not one complete JSON object.");
            }

            hash.AddBytes(e.ExtractedFields.Span);
        }
    }

    private static void Add(ref HashCode hash, CloudWatchMetric metric)
    {
        hash.AddBytes(metric.MetricStreamName.Span);
        hash.AddBytes(metric.AccountId.Span);
        hash.AddBytes(metric.Region.Span);
        hash.AddBytes(metric.Namespace.Span);
        hash.AddBytes(metric.MetricName.Span);
        hash.AddBytes(metric.Unit.Span);
        hash.Add(metric.TimestampMilliseconds);
        hash.Add(metric.Timestamp);
        hash.Add(metric.Max);
        hash.Add(metric.Min);
        hash.Add(metric.Sum);
        hash.Add(metric.Count);
        foreach (var dimension in metric.Dimensions)
        {
            hash.AddBytes(dimension.Name.Span);
            hash.AddBytes(dimension.Value.Span);
        }

        foreach (var percentile in metric.Percentiles)
        {
            hash.AddBytes(percentile.Name.Span);
            hash.Add(percentile.Value);
        }
    }

    /// <summary>
    /// Each message must be the slice of the record right after its length prefix (a varint of 1 to 5 bytes that holds
    /// the message's length), the prefix right after the previous message, and the last message must end the record.
    /// </summary>
    private static void CheckFraming(ReadOnlyMemory<byte> record, PayloadList<ReadOnlyMemory<byte>> messages)
    {
        var span = record.Span;
        var end = 0;
        foreach (var message in messages)
        {
            ulong length = 0;
            var prefix = 0;
            while (prefix < 5 && end + prefix < span.Length)
            {
                var b = span[end + prefix];
                length |= (ulong)(b & 0x7F) << (7 * prefix++);
                if (b < 0x80)
                {
                    break;
                }
            }

            var start = end + prefix;
            if (length != (ulong)message.Length || start + message.Length > span.Length
                || (!message.IsEmpty && !(span.Overlaps(message.Span, out var offset) && offset == start)))
            {
                throw new InvalidOperationException($"An OpenTelemetry message of length {message.Length} is not the slice after the prefix at {end} (prefix {prefix} bytes, length {length}).");
            }

            end = start + message.Length;
        }

        if (messages.Count > 0 && end != span.Length)
        {
            throw new InvalidOperationException($"The OpenTelemetry messages end at {end}, the record at {span.Length}.");
        }
    }

    private static bool IsOneObject(ReadOnlySpan<byte> json)
    {
        try
        {
            var reader = new Utf8JsonReader(json);
            return reader.Read() && reader.TokenType == JsonTokenType.StartObject && reader.TrySkip() && reader.BytesConsumed == json.Length;
        }
        catch (JsonException)
        {
            return false;
        }
    }
}
