namespace FirehoseAuth.AspNetCore.Tests.Adversarial;

/// <summary>One prepared delivery of the load test (its body carries <see cref="RequestId"/>; sent again as Firehose retries would be).</summary>
public sealed record LoadPayload(string RequestId, byte[] Body, bool Gzip, int RecordCount);
