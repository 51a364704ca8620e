namespace FirehoseAuth.Tests.Protocol;

/// <summary>A copy of what a <see cref="FirehoseAuth.Protocol.FirehoseDelivery"/> exposed, taken before it was disposed.</summary>
internal sealed record ParsedDelivery(string RequestId, long Timestamp, string? SourceArn, Dictionary<string, string> CommonAttributes, byte[][] Records);
