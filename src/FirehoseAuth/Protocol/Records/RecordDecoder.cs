using System.Buffers;
using System.Buffers.Text;

namespace FirehoseAuth.Protocol;

/// <summary>
/// Decodes one record's base64 <c>data</c> into the delivery's data buffer, enforces the record limits, and gunzips
/// the record once when <see cref="FirehoseParserOptions.DecompressGzipRecords"/> is on (under the per-record and the
/// per-delivery caps of <see cref="DecompressionCap"/>).
/// </summary>
internal static class RecordDecoder
{
    /// <summary>Strings whose closing quote is within this many bytes are searched first, then decoded whole.</summary>
    private const int ShortStringLength = 256;

    /// <summary>Decodes <paramref name="base64"/> (unescaped) and appends the record to <paramref name="delivery"/>.</summary>
    /// <param name="delivery">The delivery being built.</param>
    /// <param name="base64">The record's <c>data</c> string content, without quotes and without JSON escapes.</param>
    /// <param name="options">The limits.</param>
    /// <returns>The status.</returns>
    public static RecordStatus Append(FirehoseDelivery delivery, ReadOnlySpan<byte> base64, FirehoseParserOptions options)
    {
        if (delivery.RecordCount >= options.MaxRecordCount)
        {
            return RecordStatus.TooManyRecords;
        }

        // The decoder skips whitespace; RFC 4648 (3.3) requires refusing bytes outside the alphabet, and Firehose sends none.
        var destination = delivery.DataFreeSpace;
        if (Base64.DecodeFromUtf8(base64, destination, out _, out var written) != OperationStatus.Done || !IsCanonical(base64, written))
        {
            return RecordStatus.InvalidBase64;
        }

        return Commit(delivery, destination[..written], options);
    }

    /// <summary>
    /// Decodes the <c>data</c> string that starts at <paramref name="start"/> (after its opening quote), in the pass
    /// that finds its end: the decoder stops at the first byte that is not base64, for a canonical string the closing
    /// quote or the padding of its last group. That pass is <see cref="Base64BlockDecoder"/> where the machine has
    /// AVX-512 VBMI or AVX2; elsewhere, and where it stops short (near the end of the body), the runtime's decoder finishes.
    /// </summary>
    /// <returns>
    /// The index of the closing quote, or -1 when the string is not canonical base64 ending at a quote (an escape,
    /// whitespace, bad base64, a limit): the fast path then gives up, and the general parser decides.
    /// </returns>
    /// <param name="delivery">The delivery being built.</param>
    /// <param name="json">The body.</param>
    /// <param name="start">The string's first byte.</param>
    /// <param name="options">The limits.</param>
    /// <param name="long">Whether the previous string was long: then the runtime's decoder decodes this one without searching first.</param>
    public static int AppendUntilQuote(FirehoseDelivery delivery, ReadOnlySpan<byte> json, int start, FirehoseParserOptions options, ref bool @long)
    {
        if (delivery.RecordCount >= options.MaxRecordCount)
        {
            return -1;
        }

        var destination = delivery.DataFreeSpace;
        var tailStart = start + Base64BlockDecoder.Decode(json[start..], destination, out var written);
        var end = EndOfString(json, tailStart, destination[written..], out var padded);
        if (end >= 0)
        {
            written += padded;
        }
        else
        {
            end = DecodeRest(json, start, tailStart, destination, ref written, ref @long);
        }

        // The runtime's decoder skips whitespace, and raw control characters are not allowed in JSON strings: give those to the reader.
        return end >= 0 && IsCanonical(json[start..end], written) && Commit(delivery, destination[..written], options) == RecordStatus.Ok ? end : -1;
    }

    /// <summary>
    /// Finds the end of a <c>data</c> string whose whole groups are decoded up to <paramref name="tail"/>: the closing
    /// quote right there, or a padded last group (<c>xx==</c>, <c>xxx=</c>) and then the quote.
    /// </summary>
    /// <param name="json">The body.</param>
    /// <param name="tail">Where the decoded groups end.</param>
    /// <param name="destination">Where a padded group's bytes go.</param>
    /// <param name="padded">The bytes the padded group decoded to (0 when the quote is at <paramref name="tail"/>).</param>
    /// <returns>The index of the closing quote, or -1 when the string does not end there.</returns>
    public static int EndOfString(ReadOnlySpan<byte> json, int tail, Span<byte> destination, out int padded)
    {
        padded = 0;
        if (JsonBytes.At(json, tail, '"'))
        {
            return tail;
        }

        return JsonBytes.At(json, tail + 4, '"') && (padded = Base64BlockDecoder.DecodePaddedGroup(json[tail..], destination)) > 0 ? tail + 4 : -1;
    }

    /// <summary>Decodes the rest of a string from <paramref name="tailStart"/> with the runtime's decoder; returns the closing quote's index or -1.</summary>
    private static int DecodeRest(ReadOnlySpan<byte> json, int start, int tailStart, Span<byte> destination, ref int written, ref bool @long)
    {
        var quote = @long ? -1 : json[tailStart..Math.Min(json.Length, tailStart + ShortStringLength)].IndexOfAny((byte)'"', (byte)'\\');
        if (quote < 0)
        {
            // Not the final block: the decoder stops before the block holding the quote, or before a padded last block
            // (its invalid-data exit costs more than searching a short string, hence the search first).
            Base64.DecodeFromUtf8(json[tailStart..], destination[written..], out var consumed, out var more, isFinalBlock: false);
            written += more;
            tailStart += consumed;
            quote = json[tailStart..Math.Min(json.Length, tailStart + 5)].IndexOfAny((byte)'"', (byte)'\\');
        }

        var end = tailStart + quote;
        if (quote < 0 || json[end] != '"')
        {
            return -1;
        }

        @long = end - start > ShortStringLength;
        if (quote > 0)
        {
            if (Base64.DecodeFromUtf8(json[tailStart..end], destination[written..], out _, out var tailWritten) != OperationStatus.Done)
            {
                return -1;
            }

            written += tailWritten;
        }

        return end;
    }

    /// <summary>
    /// Decodes the whole groups of 4 base64 characters at the start of <paramref name="source"/>, up to the group
    /// holding the first byte outside the alphabet (padding included) or to a last partial group.
    /// </summary>
    /// <param name="source">The base64 text, and whatever follows it.</param>
    /// <param name="destination">Where the bytes go; past <paramref name="written"/> it may be written over.</param>
    /// <param name="more">
    /// Whether the caller comes back with what is left joined to what follows: then less than a block of characters is
    /// left undecoded, for the blocks to decode with what follows.
    /// </param>
    /// <param name="written">The bytes decoded.</param>
    /// <returns>The characters decoded (4 per group), or -1 when the runtime's decoder skipped whitespace.</returns>
    public static int DecodeGroups(ReadOnlySpan<byte> source, Span<byte> destination, bool more, out int written)
    {
        var consumed = Base64BlockDecoder.Decode(source, destination, out written);
        var rest = source[consumed..];
        if ((rest.Length >= 4 && (rest[0] == '"' || rest[3] == '=')) || (more && rest.Length < Base64BlockDecoder.BlockSize))
        {
            // The blocks stopped at the string's end (so would the runtime's decoder, through its costly exit for
            // invalid data), or short of a block that the caller decodes with what follows.
            return consumed;
        }

        Base64.DecodeFromUtf8(rest, destination[written..], out var decoded, out var decodedWritten, isFinalBlock: false);
        written += decodedWritten;
        return decodedWritten * 4 == decoded * 3 ? consumed + decoded : -1;
    }

    /// <summary>Checks the size of the record just decoded at the start of the free data space, gunzips it if asked, and appends it.</summary>
    public static RecordStatus Commit(FirehoseDelivery delivery, ReadOnlySpan<byte> record, FirehoseParserOptions options)
    {
        if (record.Length > options.MaxRecordSize)
        {
            return RecordStatus.RecordTooLarge;
        }

        if (options.DecompressGzipRecords && GzipInflater.HasGzipMagic(record))
        {
            return Inflate(delivery, record.Length, options);
        }

        delivery.CommitDataRecord(record.Length);
        return RecordStatus.Ok;
    }

    /// <summary>
    /// Gunzips the record of <paramref name="length"/> bytes just decoded at the start of the delivery's free data
    /// space into its gunzipped-records buffer, and appends it.
    /// </summary>
    private static RecordStatus Inflate(FirehoseDelivery delivery, int length, FirehoseParserOptions options)
    {
        var maxLength = DecompressionCap.ForRecord(options.MaxDecompressedRecordSize, options.MaxDecompressedDeliverySize, delivery.InflatedBytes, out var deliveryBinds);
        var input = delivery.GetDataBuffer(out var offset);
        var sink = new DeliveryInflateSink(delivery);
        switch (GzipInflater.Inflate(input, offset, length, maxLength, ref sink, out var inflated))
        {
            case InflateStatus.Ok:
                delivery.CommitInflatedRecord(inflated);
                return RecordStatus.Ok;
            case InflateStatus.TooLarge:
                return deliveryBinds ? RecordStatus.DecompressedDeliveryTooLarge : RecordStatus.DecompressedRecordTooLarge;
            default:
                return RecordStatus.CorruptGzip;
        }
    }

    /// <summary>Whether every byte of <paramref name="base64"/> was a base64 character (no whitespace was skipped).</summary>
    private static bool IsCanonical(ReadOnlySpan<byte> base64, int written)
    {
        if (base64.Length % 4 != 0)
        {
            return false;
        }

        var padding = base64.Length == 0 ? 0 : (base64[^1] == '=' ? 1 : 0) + (base64[^2] == '=' ? 1 : 0);
        return written == (base64.Length / 4 * 3) - padding;
    }
}
