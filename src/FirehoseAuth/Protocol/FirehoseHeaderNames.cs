namespace FirehoseAuth.Protocol;

/// <summary>
/// Names of the HTTP headers that Amazon Data Firehose sends with every HTTP-endpoint delivery.
/// </summary>
/// <remarks>
/// HTTP header names are case-insensitive; these constants use the casing of the AWS specification
/// ("HTTP endpoint delivery request and response specifications").
/// </remarks>
public static class FirehoseHeaderNames
{
    /// <summary>The protocol version, currently always <c>1.0</c>.</summary>
    public const string ProtocolVersion = "X-Amz-Firehose-Protocol-Version";

    /// <summary>The request id (a GUID), identical across retries of one delivery and equal to the body's <c>requestId</c>.</summary>
    public const string RequestId = "X-Amz-Firehose-Request-Id";

    /// <summary>The access key configured on the delivery stream (verbatim, at most 4096 bytes).</summary>
    public const string AccessKey = "X-Amz-Firehose-Access-Key";

    /// <summary>The ARN of the delivery stream that sent the request.</summary>
    public const string SourceArn = "X-Amz-Firehose-Source-Arn";

    /// <summary>The common attributes, a JSON object <c>{"commonAttributes":{...}}</c>.</summary>
    public const string CommonAttributes = "X-Amz-Firehose-Common-Attributes";
}
