using System.Text.Json;

namespace FirehoseAuth.Payloads;

/// <summary>
/// Reads the JSON of a CloudWatch Logs record (one or more subscription messages) in one pass into the store. Unknown
/// fields are skipped; a wrong type or a missing <c>messageType</c>/<c>logEvents</c> fails the record.
/// </summary>
internal static class CloudWatchLogsParser
{
    public static PayloadStatus Parse(PayloadStore store, ReadOnlyMemory<byte> json, out int messageStart)
    {
        messageStart = store.MessageCount;
        var reader = new Utf8JsonReader(json.Span, JsonText.Options);
        try
        {
            while (reader.Read())
            {
                if (reader.TokenType != JsonTokenType.StartObject)
                {
                    return PayloadStatus.NotCloudWatchLogs;
                }

                var status = ReadMessage(store, json, ref reader);
                if (status != PayloadStatus.Ok)
                {
                    return status;
                }
            }
        }
        catch (JsonException)
        {
            return PayloadStatus.InvalidJson;
        }
        catch (InvalidOperationException e) when (e is not ObjectDisposedException)
        {
            // A \u escape that is not valid UTF-16 (a lone surrogate such as \uDDDD): the grammar allows it, but
            // comparing or unescaping the string throws. It cannot be text, so the record is not JSON the handler can read.
            return PayloadStatus.InvalidJson;
        }

        return store.MessageCount > messageStart ? PayloadStatus.Ok : PayloadStatus.InvalidJson;
    }

    private static PayloadStatus ReadMessage(PayloadStore store, ReadOnlyMemory<byte> json, ref Utf8JsonReader reader)
    {
        CloudWatchLogsMessageType? type = null;
        ReadOnlyMemory<byte> owner = default, logGroup = default, logStream = default, policyLevel = default;
        var filterStart = -1;
        var eventStart = -1;
        while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
        {
            var ok = true;
            if (reader.ValueTextEquals("messageType"u8))
            {
                reader.Read();
                type = reader.TokenType != JsonTokenType.String ? null
                    : reader.ValueTextEquals("DATA_MESSAGE"u8) ? CloudWatchLogsMessageType.Data
                    : reader.ValueTextEquals("CONTROL_MESSAGE"u8) ? CloudWatchLogsMessageType.Control
                    : null;
                ok = type is not null;
            }
            else if (reader.ValueTextEquals("owner"u8))
            {
                ok = JsonText.TryReadText(store, json, ref reader, out owner);
            }
            else if (reader.ValueTextEquals("logGroup"u8))
            {
                ok = JsonText.TryReadText(store, json, ref reader, out logGroup);
            }
            else if (reader.ValueTextEquals("logStream"u8))
            {
                ok = JsonText.TryReadText(store, json, ref reader, out logStream);
            }
            else if (reader.ValueTextEquals("policyLevel"u8))
            {
                ok = JsonText.TryReadText(store, json, ref reader, out policyLevel);
            }
            else if (reader.ValueTextEquals("subscriptionFilters"u8))
            {
                filterStart = store.StringCount;
                ok = ReadFilters(store, json, ref reader);
            }
            else if (reader.ValueTextEquals("logEvents"u8))
            {
                eventStart = store.EventCount;
                ok = ReadEvents(store, json, ref reader);
            }
            else
            {
                reader.Skip();
            }

            if (!ok)
            {
                return PayloadStatus.NotCloudWatchLogs;
            }
        }

        if (type is null || eventStart < 0)
        {
            return PayloadStatus.NotCloudWatchLogs;
        }

        // Nothing adds filters or events after its own field: each list runs to the end (a repeated field wins).
        var filters = filterStart < 0 ? default : store.Strings(filterStart);
        store.Add(new CloudWatchLogsMessage(type.Value, owner, logGroup, logStream, policyLevel, filters, store.Events(eventStart)));
        return PayloadStatus.Ok;
    }

    private static bool ReadFilters(PayloadStore store, ReadOnlyMemory<byte> json, ref Utf8JsonReader reader)
    {
        reader.Read();
        if (reader.TokenType == JsonTokenType.Null)
        {
            return true;
        }

        if (reader.TokenType != JsonTokenType.StartArray)
        {
            return false;
        }

        while (reader.Read() && reader.TokenType != JsonTokenType.EndArray)
        {
            if (reader.TokenType != JsonTokenType.String || !JsonText.TryGetText(store, json, ref reader, out var name))
            {
                return false;
            }

            store.Add(name);
        }

        return true;
    }

    private static bool ReadEvents(PayloadStore store, ReadOnlyMemory<byte> json, ref Utf8JsonReader reader)
    {
        reader.Read();
        if (reader.TokenType != JsonTokenType.StartArray)
        {
            return false;
        }

        while (reader.Read() && reader.TokenType != JsonTokenType.EndArray)
        {
            if (reader.TokenType != JsonTokenType.StartObject || !ReadEvent(store, json, ref reader))
            {
                return false;
            }
        }

        return true;
    }

    private static bool ReadEvent(PayloadStore store, ReadOnlyMemory<byte> json, ref Utf8JsonReader reader)
    {
        ReadOnlyMemory<byte> id = default, message = default, extracted = default, account = default, region = default;
        long? timestamp = null;
        var hasMessage = false;
        while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
        {
            var ok = true;
            if (reader.ValueTextEquals("id"u8))
            {
                ok = JsonText.TryReadText(store, json, ref reader, out id);
            }
            else if (reader.ValueTextEquals("timestamp"u8))
            {
                reader.Read();
                var value = 0L;
                ok = reader.TokenType == JsonTokenType.Number && reader.TryGetInt64(out value);
                timestamp = ok ? value : null;
            }
            else if (reader.ValueTextEquals("message"u8))
            {
                ok = hasMessage = JsonText.TryReadText(store, json, ref reader, out message);
            }
            else if (reader.ValueTextEquals("extractedFields"u8))
            {
                ok = ReadExtractedFields(store, json, ref reader, out extracted, out account, out region);
            }
            else
            {
                reader.Skip();
            }

            if (!ok)
            {
                return false;
            }
        }

        if (timestamp is null || !hasMessage)
        {
            return false;
        }

        store.Add(new CloudWatchLogEvent(id, timestamp.Value, message, extracted, account, region));
        return true;
    }

    private static bool ReadExtractedFields(PayloadStore store, ReadOnlyMemory<byte> json, ref Utf8JsonReader reader, out ReadOnlyMemory<byte> raw, out ReadOnlyMemory<byte> account, out ReadOnlyMemory<byte> region)
    {
        raw = account = region = default;
        reader.Read();
        if (reader.TokenType == JsonTokenType.Null)
        {
            return true;
        }

        if (reader.TokenType != JsonTokenType.StartObject)
        {
            return false;
        }

        var start = (int)reader.TokenStartIndex;
        while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
        {
            var isAccount = reader.ValueTextEquals("@aws.account"u8);
            var isRegion = !isAccount && reader.ValueTextEquals("@aws.region"u8);
            reader.Read();
            if ((isAccount || isRegion) && reader.TokenType == JsonTokenType.String)
            {
                JsonText.TryGetText(store, json, ref reader, out var value);
                (isAccount ? ref account : ref region) = value;
            }
            else
            {
                reader.Skip();
            }
        }

        raw = json[start..(int)reader.BytesConsumed];
        return true;
    }
}
