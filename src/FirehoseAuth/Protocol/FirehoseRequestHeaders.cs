namespace FirehoseAuth.Protocol;

/// <summary>
/// The header values of one delivery that the parser needs, taken from whatever host received the request.
/// </summary>
/// <remarks>
/// The access key is deliberately not part of this type: authentication happens before the body is read
/// (see <see cref="Authentication.AccessKeyValidator"/>), so the parser can never echo the key in an error.
/// </remarks>
public readonly record struct FirehoseRequestHeaders
{
    /// <summary>Gets the <c>X-Amz-Firehose-Request-Id</c> header value, if present.</summary>
    public string? RequestId { get; init; }

    /// <summary>Gets the <c>X-Amz-Firehose-Source-Arn</c> header value, if present.</summary>
    public string? SourceArn { get; init; }

    /// <summary>Gets the <c>X-Amz-Firehose-Common-Attributes</c> header value, if present.</summary>
    public string? CommonAttributes { get; init; }

    /// <summary>Gets the <c>Content-Type</c> header value, if present.</summary>
    public string? ContentType { get; init; }

    /// <summary>Gets the <c>Content-Encoding</c> header value, if present.</summary>
    public string? ContentEncoding { get; init; }

    /// <summary>Gets the <c>Content-Length</c> header value, if present.</summary>
    public long? ContentLength { get; init; }
}
