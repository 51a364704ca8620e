using FirehoseAuth.Protocol;

namespace FirehoseAuth.AspNetCore.Tests.Infrastructure;

/// <summary>A copy of what a handler saw (records are only valid during the handler, so they are copied).</summary>
public sealed record ReceivedDelivery(string RequestId, long TimestampMilliseconds, string? SourceArn, IReadOnlyDictionary<string, string> CommonAttributes, IReadOnlyList<byte[]> Records)
{
    public static ReceivedDelivery Copy(FirehoseDelivery delivery)
    {
        var records = new List<byte[]>(delivery.Records.Count);
        foreach (var record in delivery.Records)
        {
            records.Add(record.ToArray());
        }

        return new ReceivedDelivery(delivery.RequestId, delivery.TimestampMilliseconds, delivery.SourceArn, new Dictionary<string, string>(delivery.CommonAttributes), records);
    }
}
