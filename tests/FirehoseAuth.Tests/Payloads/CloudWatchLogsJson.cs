using System.Text;
using System.Text.Json;

namespace FirehoseAuth.Tests.Payloads;

/// <summary>Builds CloudWatch Logs subscription messages as CloudWatch Logs writes them (from the AWS documentation's shape).</summary>
public static class CloudWatchLogsJson
{
    public sealed record Event(string Id, long Timestamp, string Message, Dictionary<string, string>? ExtractedFields = null);

    public static byte[] Data(IEnumerable<Event> events, string owner = "123456789012", string logGroup = "/aws/lambda/app", string logStream = "2024/01/01/[$LATEST]abc", string[]? filters = null, string? policyLevel = null, string? extraField = null)
    {
        using var stream = new MemoryStream();
        using (var writer = new Utf8JsonWriter(stream))
        {
            writer.WriteStartObject();
            writer.WriteString("messageType", "DATA_MESSAGE");
            writer.WriteString("owner", owner);
            writer.WriteString("logGroup", logGroup);
            writer.WriteString("logStream", logStream);
            writer.WriteStartArray("subscriptionFilters");
            foreach (var filter in filters ?? ["filter-a"])
            {
                writer.WriteStringValue(filter);
            }

            writer.WriteEndArray();
            if (policyLevel is not null)
            {
                writer.WriteString("policyLevel", policyLevel);
            }

            if (extraField is not null)
            {
                writer.WritePropertyName(extraField);
                writer.WriteStartObject();
                writer.WriteStartArray("nested");
                writer.WriteNumberValue(1);
                writer.WriteEndArray();
                writer.WriteEndObject();
            }

            writer.WriteStartArray("logEvents");
            foreach (var e in events)
            {
                writer.WriteStartObject();
                writer.WriteString("id", e.Id);
                writer.WriteNumber("timestamp", e.Timestamp);
                writer.WriteString("message", e.Message);
                if (e.ExtractedFields is not null)
                {
                    writer.WriteStartObject("extractedFields");
                    foreach (var (name, value) in e.ExtractedFields)
                    {
                        writer.WriteString(name, value);
                    }

                    writer.WriteEndObject();
                }

                writer.WriteEndObject();
            }

            writer.WriteEndArray();
            writer.WriteEndObject();
        }

        return stream.ToArray();
    }

    public static byte[] Control(long timestamp = 1_700_000_000_000)
        => Encoding.UTF8.GetBytes($$"""{"messageType":"CONTROL_MESSAGE","owner":"CloudwatchLogs","logGroup":"","logStream":"","subscriptionFilters":[],"logEvents":[{"id":"","timestamp":{{timestamp}},"message":"CWL CONTROL MESSAGE: Checking health of destination Firehose."}]}""");

    public static Event[] Events(int count, int seed = 0)
        => [.. Enumerable.Range(0, count).Select(i => new Event(
            "3756391051148675962444450325050237320491713975916" + (1_000_000 + i + seed).ToString(System.Globalization.CultureInfo.InvariantCulture),
            1_700_000_000_000 + i,
            $"2024-01-01T00:00:{i % 60:00}.000Z\tINFO\trequest {seed}-{i} handled in {i % 97} ms\n"))];

    /// <summary>The events of a message read independently with <see cref="JsonDocument"/>.</summary>
    public static (string Id, long Timestamp, string Message)[] ExpectedEvents(ReadOnlySpan<byte> json)
    {
        using var document = JsonDocument.Parse(json.ToArray());
        return [.. document.RootElement.GetProperty("logEvents").EnumerateArray().Select(e => (e.GetProperty("id").GetString()!, e.GetProperty("timestamp").GetInt64(), e.GetProperty("message").GetString()!))];
    }
}
