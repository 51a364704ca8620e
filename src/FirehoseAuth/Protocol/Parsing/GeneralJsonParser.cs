using System.Buffers;
using System.Text.Json;
using System.Text.Unicode;

namespace FirehoseAuth.Protocol;

/// <summary>
/// The general parser: one <see cref="Utf8JsonReader"/> pass that accepts every valid variant of the document
/// (escapes, unknown fields anywhere, any order, any whitespace) and reports every error with its typed code.
/// </summary>
internal static class GeneralJsonParser
{
    public static FirehoseError? Parse(ReadOnlySpan<byte> json, FirehoseDelivery delivery, FirehoseParserOptions options, ArrayPool<byte> pool, out RequestIdToken requestId, out long timestamp)
    {
        requestId = default;
        timestamp = 0;
        if (json.IsEmpty)
        {
            return FirehoseErrors.EmptyBody;
        }

        // The reader does not validate UTF-8 inside strings it does not unescape; check the whole body once.
        if (!Utf8.IsValid(json))
        {
            return FirehoseErrors.InvalidUtf8;
        }

        var reader = new Utf8JsonReader(json, new JsonReaderOptions { MaxDepth = options.MaxDepth });
        byte[]? scratch = null;
        try
        {
            return ParseRoot(ref reader, delivery, options, pool, ref scratch, out requestId, out timestamp);
        }
        catch (JsonException exception)
        {
            return FirehoseErrors.InvalidJson(exception.LineNumber ?? 0, exception.BytePositionInLine ?? 0);
        }
        finally
        {
            if (scratch is not null)
            {
                pool.Return(scratch);
            }
        }
    }

    private static FirehoseError? ParseRoot(ref Utf8JsonReader reader, FirehoseDelivery delivery, FirehoseParserOptions options, ArrayPool<byte> pool, ref byte[]? scratch, out RequestIdToken requestId, out long timestamp)
    {
        requestId = default;
        timestamp = 0;
        reader.Read();
        if (reader.TokenType != JsonTokenType.StartObject)
        {
            return FirehoseErrors.RootNotObject;
        }

        bool hasRequestId = false, hasTimestamp = false, hasRecords = false;
        while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
        {
            FirehoseError? error;
            if (NameIs(ref reader, "records"u8))
            {
                error = hasRecords ? FirehoseErrors.DuplicateRecords : ParseRecords(ref reader, delivery, options, pool, ref scratch);
                hasRecords = true;
            }
            else if (NameIs(ref reader, "requestId"u8))
            {
                error = hasRequestId ? FirehoseErrors.DuplicateRequestId : ParseRequestId(ref reader, out requestId);
                hasRequestId = true;
            }
            else if (NameIs(ref reader, "timestamp"u8))
            {
                error = hasTimestamp ? FirehoseErrors.DuplicateTimestamp : ParseTimestamp(ref reader, out timestamp);
                hasTimestamp = true;
            }
            else
            {
                reader.Skip();
                error = null;
            }

            if (error is not null)
            {
                return error;
            }
        }

        // The root object ended: the reader throws on anything but whitespace after it.
        reader.Read();

        if (!hasRequestId)
        {
            return FirehoseErrors.MissingRequestId;
        }

        if (!hasTimestamp)
        {
            return FirehoseErrors.MissingTimestamp;
        }

        if (!hasRecords)
        {
            return FirehoseErrors.MissingRecords;
        }

        return delivery.RecordCount == 0 ? FirehoseErrors.EmptyRecords : null;
    }

    private static FirehoseError? ParseRequestId(ref Utf8JsonReader reader, out RequestIdToken requestId)
    {
        requestId = default;
        reader.Read();
        if (reader.TokenType != JsonTokenType.String || reader.ValueSpan.IsEmpty)
        {
            return FirehoseErrors.RequestIdNotString;
        }

        string? unescaped = null;
        if (reader.ValueIsEscaped)
        {
            try
            {
                unescaped = reader.GetString();
            }
            catch (InvalidOperationException)
            {
                return FirehoseErrors.RequestIdInvalidEscape;
            }
        }

        requestId = new RequestIdToken((int)reader.TokenStartIndex + 1, reader.ValueSpan.Length, unescaped);
        return null;
    }

    private static FirehoseError? ParseTimestamp(ref Utf8JsonReader reader, out long timestamp)
    {
        timestamp = 0;
        reader.Read();
        return reader.TokenType == JsonTokenType.Number && reader.TryGetInt64(out timestamp) ? null : FirehoseErrors.TimestampNotInteger;
    }

    private static FirehoseError? ParseRecords(ref Utf8JsonReader reader, FirehoseDelivery delivery, FirehoseParserOptions options, ArrayPool<byte> pool, ref byte[]? scratch)
    {
        reader.Read();
        if (reader.TokenType != JsonTokenType.StartArray)
        {
            return FirehoseErrors.RecordsNotArray;
        }

        var index = 0;
        while (reader.Read() && reader.TokenType != JsonTokenType.EndArray)
        {
            if (reader.TokenType != JsonTokenType.StartObject)
            {
                return FirehoseErrors.RecordNotObject(index);
            }

            var hasData = false;
            while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
            {
                if (!NameIs(ref reader, "data"u8))
                {
                    reader.Skip();
                    continue;
                }

                if (hasData)
                {
                    return FirehoseErrors.DuplicateData(index);
                }

                hasData = true;
                reader.Read();
                if (reader.TokenType != JsonTokenType.String)
                {
                    return FirehoseErrors.DataNotString(index);
                }

                var status = RecordDecoder.Append(delivery, Unescape(ref reader, pool, ref scratch), options);
                if (status != RecordStatus.Ok)
                {
                    return FirehoseErrors.ForRecord(status, index);
                }
            }

            if (!hasData)
            {
                return FirehoseErrors.RecordWithoutData(index);
            }

            index++;
        }

        return null;
    }

    /// <summary>
    /// Compares the current property name with <paramref name="name"/>. A name whose escapes are not valid UTF-16
    /// (a lone surrogate such as <c>\uDDDD</c>: valid JSON, but <see cref="Utf8JsonReader.ValueTextEquals(ReadOnlySpan{byte})"/>
    /// throws on it) cannot be one of ours, so it is an unknown field like any other.
    /// </summary>
    private static bool NameIs(ref Utf8JsonReader reader, ReadOnlySpan<byte> name)
    {
        if (!reader.ValueIsEscaped)
        {
            return reader.ValueSpan.SequenceEqual(name);
        }

        try
        {
            return reader.ValueTextEquals(name);
        }
        catch (InvalidOperationException)
        {
            return false;
        }
    }

    /// <summary>Returns the string's content, unescaped into <paramref name="scratch"/> when it holds escapes (e.g. <c>\/</c>).</summary>
    private static ReadOnlySpan<byte> Unescape(ref Utf8JsonReader reader, ArrayPool<byte> pool, ref byte[]? scratch)
    {
        var raw = reader.ValueSpan;
        if (!reader.ValueIsEscaped)
        {
            return raw;
        }

        if (scratch is null || scratch.Length < raw.Length)
        {
            if (scratch is not null)
            {
                pool.Return(scratch);
            }

            scratch = pool.Rent(raw.Length);
        }

        try
        {
            return scratch.AsSpan(0, reader.CopyString(scratch));
        }
        catch (InvalidOperationException)
        {
            // An escape that is not valid UTF-16 cannot be base64 either.
            return "!"u8;
        }
    }
}
