namespace FirehoseAuth.Protocol;

/// <summary>Checks <c>Content-Type</c>, <c>Content-Encoding</c> and <c>Content-Length</c> before the body is read.</summary>
internal static class ContentHeaders
{
    private const string JsonMediaType = "application/json";

    /// <summary>Validates the content headers and returns the most bytes the wire body may have.</summary>
    /// <param name="headers">The request's headers.</param>
    /// <param name="options">The limits.</param>
    /// <param name="gzip">Whether the body is gzip'd.</param>
    /// <param name="maxWireLength">The largest wire body accepted: <see cref="FirehoseParserOptions.MaxBodySize"/>, plus the gzip framing slack for a gzip'd body.</param>
    /// <returns>The error, or <see langword="null"/> when the headers are acceptable.</returns>
    public static FirehoseError? Validate(in FirehoseRequestHeaders headers, FirehoseParserOptions options, out bool gzip, out int maxWireLength)
    {
        gzip = false;
        maxWireLength = options.MaxBodySize;
        if (!IsJson(headers.ContentType))
        {
            return FirehoseErrors.UnsupportedContentType;
        }

        if (!TryGetEncoding(headers.ContentEncoding, out gzip))
        {
            return FirehoseErrors.UnsupportedContentEncoding;
        }

        if (gzip)
        {
            maxWireLength += BodyLayout.GzipFramingSlack(options.MaxBodySize);
        }

        return headers.ContentLength switch
        {
            < 0 => FirehoseErrors.NegativeContentLength,
            { } length when length > maxWireLength => FirehoseErrors.ContentLengthTooLarge,
            _ => null,
        };
    }

    /// <summary>Absent or <c>application/json</c> with any parameters, compared case-insensitively.</summary>
    private static bool IsJson(string? contentType)
    {
        if (string.IsNullOrWhiteSpace(contentType))
        {
            return true;
        }

        var value = contentType.AsSpan();
        var semicolon = value.IndexOf(';');
        var mediaType = (semicolon < 0 ? value : value[..semicolon]).Trim();
        return mediaType.Equals(JsonMediaType, StringComparison.OrdinalIgnoreCase);
    }

    /// <summary>Absent, empty or <c>identity</c> is no encoding; <c>gzip</c> (or its alias <c>x-gzip</c>) is gzip; anything else is unsupported.</summary>
    private static bool TryGetEncoding(string? contentEncoding, out bool gzip)
    {
        gzip = false;
        if (string.IsNullOrWhiteSpace(contentEncoding))
        {
            return true;
        }

        var value = contentEncoding.AsSpan().Trim();
        if (value.Equals("identity", StringComparison.OrdinalIgnoreCase))
        {
            return true;
        }

        gzip = value.Equals("gzip", StringComparison.OrdinalIgnoreCase) || value.Equals("x-gzip", StringComparison.OrdinalIgnoreCase);
        return gzip;
    }
}
