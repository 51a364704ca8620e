namespace FirehoseAuth.AspNetCore;

/// <summary>
/// The content checks that answer 415 before any byte of the body is read: <c>Content-Type</c> absent or
/// <c>application/json</c> (parameters allowed), <c>Content-Encoding</c> absent, <c>identity</c> or <c>gzip</c>,
/// all case-insensitive — the same rules the parser applies.
/// </summary>
internal static class FirehoseContentHeaders
{
    public static bool IsSupportedContentType(string? contentType)
    {
        if (string.IsNullOrEmpty(contentType))
        {
            return true;
        }

        var mediaType = contentType.AsSpan();
        var parameters = mediaType.IndexOf(';');
        if (parameters >= 0)
        {
            mediaType = mediaType[..parameters];
        }

        return mediaType.Trim().Equals("application/json", StringComparison.OrdinalIgnoreCase);
    }

    public static bool IsSupportedContentEncoding(string? contentEncoding)
    {
        if (string.IsNullOrEmpty(contentEncoding))
        {
            return true;
        }

        var coding = contentEncoding.AsSpan().Trim();
        return coding.Equals("gzip", StringComparison.OrdinalIgnoreCase) || coding.Equals("identity", StringComparison.OrdinalIgnoreCase);
    }
}
