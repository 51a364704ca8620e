namespace FirehoseAuth.Deduplication;

/// <summary>
/// Identifies one delivery across its retries: Firehose sends every attempt of a delivery with the same
/// <c>X-Amz-Firehose-Request-Id</c>, and the request id is unique only within one delivery stream.
/// </summary>
/// <param name="StreamName">The FirehoseAuth stream (the named options) that received the delivery.</param>
/// <param name="SourceArn">The <c>X-Amz-Firehose-Source-Arn</c> header, or <see langword="null"/> when absent.</param>
/// <param name="RequestId">The <c>X-Amz-Firehose-Request-Id</c> header.</param>
public readonly record struct FirehoseDeliveryKey(string StreamName, string? SourceArn, string RequestId);
