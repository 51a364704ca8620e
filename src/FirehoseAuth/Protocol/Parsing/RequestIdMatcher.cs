using System.Text;

namespace FirehoseAuth.Protocol;

/// <summary>Resolves the body's request id against the header's without allocating when they are equal.</summary>
internal static class RequestIdMatcher
{
    /// <summary>
    /// Returns the request id to expose: the header string itself when it equals the body's (no allocation), the
    /// body's when there is no header; or a mismatch error.
    /// </summary>
    public static FirehoseError? Resolve(ReadOnlySpan<byte> json, RequestIdToken token, string? header, out string requestId)
    {
        if (token.Unescaped is { } unescaped)
        {
            requestId = unescaped;
            return header is null || string.Equals(header, unescaped, StringComparison.Ordinal) ? null : FirehoseErrors.RequestIdMismatch;
        }

        var raw = json.Slice(token.Offset, token.Length);
        if (header is null)
        {
            requestId = Encoding.UTF8.GetString(raw);
            return null;
        }

        requestId = header;
        return Utf8Equals(raw, header) ? null : FirehoseErrors.RequestIdMismatch;
    }

    /// <summary>Whether the UTF-8 bytes <paramref name="utf8"/> spell <paramref name="value"/>.</summary>
    internal static bool Utf8Equals(ReadOnlySpan<byte> utf8, string value)
    {
        if (utf8.Length == value.Length && System.Text.Ascii.Equals(utf8, value))
        {
            return true;
        }

        var byteCount = Encoding.UTF8.GetByteCount(value);
        if (byteCount != utf8.Length)
        {
            return false;
        }

        if (byteCount > 1024)
        {
            return utf8.SequenceEqual(Encoding.UTF8.GetBytes(value));
        }

        Span<byte> encoded = stackalloc byte[byteCount];
        Encoding.UTF8.GetBytes(value, encoded);
        return utf8.SequenceEqual(encoded);
    }
}
