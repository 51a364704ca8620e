using System.Text;
using FirehoseAuth.Payloads;

namespace FirehoseAuth.Tests.Payloads;

internal static class PayloadAssert
{
    public static string Text(ReadOnlyMemory<byte> utf8) => Encoding.UTF8.GetString(utf8.Span);

    /// <summary>Every event of every data message, as (id, timestamp, message) strings.</summary>
    public static List<(string Id, long Timestamp, string Message)> Events(CloudWatchLogsRecord record)
    {
        Assert.True(record.IsSuccess, record.ErrorMessage);
        var events = new List<(string, long, string)>();
        foreach (var message in record.Messages)
        {
            if (message.IsData)
            {
                foreach (var e in message.LogEvents)
                {
                    events.Add((Text(e.Id), e.TimestampMilliseconds, e.GetMessageString()));
                }
            }
        }

        return events;
    }
}
