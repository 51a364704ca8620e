using System.Buffers.Text;
using System.Runtime.CompilerServices;
using System.Text.Unicode;

namespace FirehoseAuth.Protocol;

/// <summary>
/// A single-pass scanner for the document shape Firehose sends:
/// <c>{"requestId":"…","timestamp":…,"records":[{"data":"…"},…]}</c>, the three fields in any order, with any JSON
/// whitespace between tokens. Each <c>data</c> string is base64-decoded straight from the body into the delivery's
/// buffer by <see cref="RecordDecoder.AppendUntilQuote"/>, in one pass in which the decoder itself finds the string's
/// end (the closing quote is not base64), instead of a tokenizer pass to find the end and a second to decode.
/// </summary>
/// <remarks>
/// It never reports an error: whatever it does not recognise (an unknown field, an escape, a duplicate, a limit, bad
/// base64, a record with other fields …) makes it return <see langword="false"/>, and the caller re-parses the body
/// with <see cref="GeneralJsonParser"/>, which accepts every valid variant and reports every error. Every byte it
/// accepts is checked (structure, base64 alphabet, UTF-8 of the request id), so it accepts nothing the general parser
/// would refuse.
/// </remarks>
internal static class WholeSpanScanner
{
    public static bool TryParse(ReadOnlySpan<byte> json, FirehoseDelivery delivery, FirehoseParserOptions options, out RequestIdToken requestId, out long timestamp)
        => Walk(json, delivery, options, out requestId, out timestamp, out _);

    /// <summary>
    /// Walks the fields before <c>records</c> (as <see cref="TryParse"/> does) and returns where its array's first
    /// element starts, for <see cref="PipeSegmentWalker"/>, which decodes the records itself.
    /// </summary>
    /// <param name="json">The start of the body.</param>
    /// <param name="recordsStart">The index just after the <c>[</c> of <c>records</c>.</param>
    /// <returns>Whether the start of the body has that shape.</returns>
    public static bool TryFindRecords(ReadOnlySpan<byte> json, out int recordsStart)
        => Walk(json, delivery: null, options: null, out _, out _, out recordsStart);

    /// <summary>
    /// The walk of <see cref="TryParse"/>; without a <paramref name="delivery"/>, it stops at the <c>[</c> of
    /// <c>records</c> (<see cref="TryFindRecords"/>).
    /// </summary>
    private static bool Walk(ReadOnlySpan<byte> json, FirehoseDelivery? delivery, FirehoseParserOptions? options, out RequestIdToken requestId, out long timestamp, out int recordsStart)
    {
        requestId = default;
        timestamp = 0;
        recordsStart = -1;
        bool hasRequestId = false, hasTimestamp = false, hasRecords = false;
        var i = SkipWhitespace(json, 0);
        if (!JsonBytes.At(json, i, '{'))
        {
            return false;
        }

        while (true)
        {
            i = SkipWhitespace(json, i + 1);
            if (!JsonBytes.At(json, i, '"'))
            {
                return false;
            }

            var keyLength = json[(i + 1)..].IndexOfAny((byte)'"', (byte)'\\');
            if (keyLength < 0 || json[i + 1 + keyLength] != '"')
            {
                return false;
            }

            var key = json.Slice(i + 1, keyLength);
            i = SkipWhitespace(json, i + keyLength + 2);
            if (!JsonBytes.At(json, i, ':'))
            {
                return false;
            }

            i = SkipWhitespace(json, i + 1);
            if (key.SequenceEqual("records"u8))
            {
                if (delivery is null)
                {
                    recordsStart = i + 1;
                    return JsonBytes.At(json, i, '[');
                }

                if (hasRecords || !TryReadRecords(json, ref i, delivery, options!))
                {
                    return false;
                }

                hasRecords = true;
            }
            else if (key.SequenceEqual("requestId"u8))
            {
                if (hasRequestId || !TryReadRequestId(json, ref i, out requestId))
                {
                    return false;
                }

                hasRequestId = true;
            }
            else if (key.SequenceEqual("timestamp"u8))
            {
                if (hasTimestamp || !TryReadInt64(json, ref i, out timestamp))
                {
                    return false;
                }

                hasTimestamp = true;
            }
            else
            {
                return false;
            }

            i = SkipWhitespace(json, i);
            if (JsonBytes.At(json, i, '}'))
            {
                break;
            }

            if (!JsonBytes.At(json, i, ','))
            {
                return false;
            }
        }

        return SkipWhitespace(json, i + 1) == json.Length && hasRequestId && hasTimestamp && hasRecords && delivery!.RecordCount > 0;
    }

    private static bool TryReadRecords(ReadOnlySpan<byte> json, ref int i, FirehoseDelivery delivery, FirehoseParserOptions options)
    {
        if (!JsonBytes.At(json, i, '['))
        {
            return false;
        }

        i = SkipWhitespace(json, i + 1);
        if (JsonBytes.At(json, i, ']'))
        {
            i++;
            return true;
        }

        var longStrings = false;
        while (true)
        {
            // {"data":" — compact, as Firehose sends it, or with whitespace between the tokens.
            if (json[i..].StartsWith(JsonBytes.CompactRecordOpen))
            {
                i += JsonBytes.CompactRecordOpen.Length - 1;
            }
            else if (!TryReadDataKey(json, ref i))
            {
                return false;
            }

            var end = RecordDecoder.AppendUntilQuote(delivery, json, i + 1, options, ref longStrings);
            if (end < 0)
            {
                return false;
            }

            if (JsonBytes.At(json, end + 1, '}') && JsonBytes.At(json, end + 2, ','))
            {
                i = SkipWhitespace(json, end + 3);
                continue;
            }

            i = SkipWhitespace(json, end + 1);
            if (!JsonBytes.At(json, i, '}'))
            {
                return false;
            }

            i = SkipWhitespace(json, i + 1);
            if (JsonBytes.At(json, i, ']'))
            {
                i++;
                return true;
            }

            if (!JsonBytes.At(json, i, ','))
            {
                return false;
            }

            i = SkipWhitespace(json, i + 1);
        }
    }

    /// <summary>Reads <c>{ "data" : "</c> with any whitespace between the tokens, up to the string's opening quote.</summary>
    private static bool TryReadDataKey(ReadOnlySpan<byte> json, ref int i)
    {
        if (!JsonBytes.At(json, i, '{'))
        {
            return false;
        }

        i = SkipWhitespace(json, i + 1);
        if (!json[i..].StartsWith("\"data\""u8))
        {
            return false;
        }

        i = SkipWhitespace(json, i + 6);
        if (!JsonBytes.At(json, i, ':'))
        {
            return false;
        }

        i = SkipWhitespace(json, i + 1);
        return JsonBytes.At(json, i, '"');
    }

    private static bool TryReadRequestId(ReadOnlySpan<byte> json, ref int i, out RequestIdToken requestId)
    {
        requestId = default;
        if (!JsonBytes.At(json, i, '"'))
        {
            return false;
        }

        var start = i + 1;
        var length = json[start..].IndexOfAny((byte)'"', (byte)'\\');
        if (length <= 0 || json[start + length] != '"')
        {
            return false;
        }

        var value = json.Slice(start, length);
        if (value.IndexOfAnyInRange((byte)0, (byte)0x1F) >= 0 || !Utf8.IsValid(value))
        {
            return false;
        }

        requestId = new RequestIdToken(start, length, Unescaped: null);
        i = start + length + 1;
        return true;
    }

    /// <summary>A JSON integer: <c>-?(0|[1-9][0-9]*)</c> not followed by a fraction or an exponent, within <see cref="long"/>.</summary>
    private static bool TryReadInt64(ReadOnlySpan<byte> json, ref int i, out long value)
    {
        value = 0;
        var digits = JsonBytes.At(json, i, '-') ? i + 1 : i;
        if (digits >= json.Length || !char.IsAsciiDigit((char)json[digits]) || (json[digits] == '0' && digits + 1 < json.Length && char.IsAsciiDigit((char)json[digits + 1])))
        {
            return false;
        }

        if (!Utf8Parser.TryParse(json[i..], out value, out var consumed))
        {
            return false;
        }

        i += consumed;
        return !(JsonBytes.At(json, i, '.') || JsonBytes.At(json, i, 'e') || JsonBytes.At(json, i, 'E'));
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static int SkipWhitespace(ReadOnlySpan<byte> json, int i)
    {
        while ((uint)i < (uint)json.Length && json[i] is (byte)' ' or (byte)'\n' or (byte)'\r' or (byte)'\t')
        {
            i++;
        }

        return i;
    }
}
