using System.Buffers;
using System.Buffers.Text;

namespace FirehoseAuth.Protocol;

/// <summary>
/// Decodes one record's base64 <c>data</c> into the delivery's data buffer, enforces the record limits, and gunzips
/// the record once when <see cref="FirehoseParserOptions.DecompressGzipRecords"/> is on.
/// </summary>
internal static class RecordDecoder
{
    /// <summary>Decodes <paramref name="base64"/> (unescaped) and appends the record to <paramref name="delivery"/>.</summary>
    /// <param name="delivery">The delivery being built.</param>
    /// <param name="base64">The record's <c>data</c> string content, without quotes and without JSON escapes.</param>
    /// <param name="options">The limits.</param>
    /// <param name="canonical">
    /// Whether to return <see cref="RecordStatus.NotCanonical"/> when the decoder skipped whitespace inside the string
    /// (the fast path, which has not checked the string for raw control characters, leaves those to the JSON reader).
    /// </param>
    /// <returns>The status.</returns>
    public static RecordStatus Append(FirehoseDelivery delivery, ReadOnlySpan<byte> base64, FirehoseParserOptions options, bool canonical)
    {
        if (delivery.RecordCount >= options.MaxRecordCount)
        {
            return RecordStatus.TooManyRecords;
        }

        var destination = delivery.DataFreeSpace;
        if (Base64.DecodeFromUtf8(base64, destination, out _, out var written) != OperationStatus.Done)
        {
            return RecordStatus.InvalidBase64;
        }

        if (canonical && !IsCanonical(base64, written))
        {
            return RecordStatus.NotCanonical;
        }

        if (written > options.MaxRecordSize)
        {
            return RecordStatus.RecordTooLarge;
        }

        if (options.DecompressGzipRecords && GzipInflater.HasGzipMagic(destination[..written]))
        {
            return GzipInflater.InflateRecord(delivery, written, options.MaxDecompressedRecordSize);
        }

        delivery.CommitDataRecord(written);
        return RecordStatus.Ok;
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
