using System.Buffers;
using System.Collections.ObjectModel;
using System.Text;
using System.Text.Json;
using System.Text.Unicode;

namespace FirehoseAuth.Protocol;

/// <summary>
/// The <c>X-Amz-Firehose-Common-Attributes</c> header: <c>{"commonAttributes":{"name":"value",...}}</c> with at most
/// 50 entries, names of 1–256 characters and string values of at most 1024 characters. Validated while parsing
/// without allocating; turned into a dictionary only when the application asks for it.
/// </summary>
internal static class CommonAttributesHeader
{
    public const int MaxEntries = 50;
    public const int MaxNameLength = 256;
    public const int MaxValueLength = 1024;

    private static readonly JsonReaderOptions ReaderOptions = new() { MaxDepth = 16 };

    /// <summary>Validates the header; an absent or blank header is valid (no attributes).</summary>
    public static FirehoseError? Validate(string? header, ArrayPool<byte> pool)
    {
        if (string.IsNullOrWhiteSpace(header))
        {
            return null;
        }

        var byteCount = Encoding.UTF8.GetByteCount(header);

        // The header as UTF-8, then room for the unescaped names (checked for duplicates).
        var buffer = pool.Rent(byteCount * 2);
        try
        {
            var utf8 = buffer.AsSpan(0, Encoding.UTF8.GetBytes(header, buffer));
            return Validate(utf8, buffer.AsSpan(byteCount, byteCount));
        }
        catch (JsonException)
        {
            return FirehoseErrors.InvalidCommonAttributes;
        }
        catch (InvalidOperationException)
        {
            // An escape sequence that is not valid UTF-16 (a lone surrogate).
            return FirehoseErrors.InvalidCommonAttributes;
        }
        finally
        {
            pool.Return(buffer);
        }
    }

    /// <summary>Builds the dictionary of a header that <see cref="Validate(string?, ArrayPool{byte})"/> accepted.</summary>
    public static IReadOnlyDictionary<string, string> Materialize(string header)
    {
        var reader = new Utf8JsonReader(Encoding.UTF8.GetBytes(header), ReaderOptions);
        var attributes = new Dictionary<string, string>(StringComparer.Ordinal);
        reader.Read();
        while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
        {
            if (!reader.ValueTextEquals("commonAttributes"u8))
            {
                reader.Skip();
                continue;
            }

            reader.Read();
            while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
            {
                var name = reader.GetString()!;
                reader.Read();
                attributes[name] = reader.GetString()!;
            }
        }

        return new ReadOnlyDictionary<string, string>(attributes);
    }

    private static FirehoseError? Validate(ReadOnlySpan<byte> utf8, Span<byte> names)
    {
        var reader = new Utf8JsonReader(utf8, ReaderOptions);
        if (!reader.Read() || reader.TokenType != JsonTokenType.StartObject)
        {
            return FirehoseErrors.InvalidCommonAttributes;
        }

        var found = false;
        while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
        {
            if (!reader.ValueTextEquals("commonAttributes"u8))
            {
                reader.Skip();
                continue;
            }

            if (found || !reader.Read() || reader.TokenType != JsonTokenType.StartObject)
            {
                return FirehoseErrors.InvalidCommonAttributes;
            }

            found = true;
            var error = ValidateEntries(ref reader, names);
            if (error is not null)
            {
                return error;
            }
        }

        // The root object ended; anything after it makes the reader throw.
        return reader.Read() || !found ? FirehoseErrors.InvalidCommonAttributes : null;
    }

    private static FirehoseError? ValidateEntries(ref Utf8JsonReader reader, Span<byte> names)
    {
        Span<int> nameEnds = stackalloc int[MaxEntries];
        var count = 0;
        var used = 0;
        while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
        {
            if (count == MaxEntries)
            {
                return FirehoseErrors.TooManyCommonAttributes;
            }

            var nameLength = reader.CopyString(names[used..]);
            var name = names.Slice(used, nameLength);
            if (!Utf8.IsValid(name))
            {
                return FirehoseErrors.InvalidCommonAttributes;
            }

            if (name.IsEmpty || Encoding.UTF8.GetCharCount(name) > MaxNameLength)
            {
                return FirehoseErrors.CommonAttributeNameLength;
            }

            for (var i = 0; i < count; i++)
            {
                var start = i == 0 ? 0 : nameEnds[i - 1];
                if (names[start..nameEnds[i]].SequenceEqual(name))
                {
                    return FirehoseErrors.DuplicateCommonAttribute;
                }
            }

            used += nameLength;
            nameEnds[count++] = used;

            if (!reader.Read() || reader.TokenType != JsonTokenType.String)
            {
                return FirehoseErrors.InvalidCommonAttributes;
            }

            // The rest of the names area is free and at least as long as the value's raw text (names and values share the header's bytes).
            var error = ValidateValue(ref reader, names[used..]);
            if (error is not null)
            {
                return error;
            }
        }

        return null;
    }

    private static FirehoseError? ValidateValue(ref Utf8JsonReader reader, Span<byte> scratch)
    {
        var raw = reader.ValueSpan;
        if (!reader.ValueIsEscaped)
        {
            if (!Utf8.IsValid(raw))
            {
                return FirehoseErrors.InvalidCommonAttributes;
            }

            // A character takes at least one UTF-8 byte, so a short value needs no counting.
            return raw.Length <= MaxValueLength || Encoding.UTF8.GetCharCount(raw) <= MaxValueLength
                ? null
                : FirehoseErrors.CommonAttributeValueLength;
        }

        var value = scratch[..reader.CopyString(scratch)];
        if (!Utf8.IsValid(value))
        {
            return FirehoseErrors.InvalidCommonAttributes;
        }

        return Encoding.UTF8.GetCharCount(value) <= MaxValueLength ? null : FirehoseErrors.CommonAttributeValueLength;
    }
}
