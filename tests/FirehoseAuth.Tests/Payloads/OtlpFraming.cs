namespace FirehoseAuth.Tests.Payloads;

/// <summary>Frames messages as CloudWatch Metric Streams' OpenTelemetry format does: each after its length as a protobuf varint.</summary>
public static class OtlpFraming
{
    public static byte[] Frame(IEnumerable<byte[]> messages)
    {
        var record = new List<byte>();
        foreach (var message in messages)
        {
            for (var length = (uint)message.Length; ; length >>= 7)
            {
                record.Add((byte)(length < 0x80 ? length : (length & 0x7F) | 0x80));
                if (length < 0x80)
                {
                    break;
                }
            }

            record.AddRange(message);
        }

        return [.. record];
    }
}
