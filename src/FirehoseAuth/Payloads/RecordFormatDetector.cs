using System.Text.Json;
using FirehoseAuth.Protocol;

namespace FirehoseAuth.Payloads;

/// <summary>
/// Finds a record's format where that is unambiguous: the gzip magic is CloudWatch Logs; a JSON object whose members
/// include <c>messageType</c> is CloudWatch Logs, one with <c>metric_stream_name</c> or <c>metric_name</c> is Metric
/// Streams JSON; a record that frames exactly, end to end, as varint-prefixed messages that each start with a
/// protobuf field tag is Metric Streams OpenTelemetry. Anything else is <see cref="FirehoseRecordFormat.Raw"/>.
/// </summary>
internal static class RecordFormatDetector
{
    public static FirehoseRecordFormat Detect(ReadOnlySpan<byte> record)
    {
        if (GzipInflater.HasGzipMagic(record))
        {
            return FirehoseRecordFormat.CloudWatchLogs;
        }

        var text = record.TrimStart(" \t\r\n"u8);
        if (!text.IsEmpty && text[0] == (byte)'{' && DetectJson(text) is { } json)
        {
            return json;
        }

        return OpenTelemetryFraming.IsFramed(record)
            ? FirehoseRecordFormat.CloudWatchMetricsOpenTelemetry
            : FirehoseRecordFormat.Raw;
    }

    /// <summary>Looks at the first object's own members only.</summary>
    private static FirehoseRecordFormat? DetectJson(ReadOnlySpan<byte> json)
    {
        var reader = new Utf8JsonReader(json, JsonText.Options);
        try
        {
            reader.Read();
            while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
            {
                if (reader.ValueTextEquals("messageType"u8))
                {
                    return FirehoseRecordFormat.CloudWatchLogs;
                }

                if (reader.ValueTextEquals("metric_stream_name"u8) || reader.ValueTextEquals("metric_name"u8))
                {
                    return FirehoseRecordFormat.CloudWatchMetricsJson;
                }

                reader.Skip();
            }
        }
        catch (JsonException)
        {
            // Not JSON after all: the framing check decides.
        }
        catch (InvalidOperationException e) when (e is not ObjectDisposedException)
        {
            // A member name with a \u escape that is not valid UTF-16 (a lone surrogate): the decoders fail such a
            // record as InvalidJson, so it is no format's; the framing check decides.
        }

        return null;
    }
}
