using System.Buffers;
using System.IO.Compression;
using System.Text.Json;

namespace FirehoseAuth.Testing;

/// <summary>
/// Records as a CloudWatch Logs subscription filter hands them to Firehose: a gzip'd JSON message
/// (<c>DATA_MESSAGE</c> with log events, or the <c>CONTROL_MESSAGE</c> CloudWatch Logs sends to check the destination).
/// </summary>
public static class CloudWatchLogsRecords
{
    /// <summary>The message of the health-check record CloudWatch Logs sends when a subscription is created.</summary>
    public const string ControlMessageText = "CWL CONTROL MESSAGE: Checking health of destination Firehose.";

    /// <summary>A gzip'd <c>DATA_MESSAGE</c> record.</summary>
    /// <param name="logGroup">The log group.</param>
    /// <param name="logStream">The log stream.</param>
    /// <param name="events">The log events.</param>
    /// <param name="owner">The AWS account id of the log group.</param>
    /// <param name="subscriptionFilter">The subscription filter's name.</param>
    /// <returns>The record's bytes.</returns>
    public static byte[] DataMessage(string logGroup, string logStream, IEnumerable<SimulatedLogEvent> events, string owner = "123456789012", string subscriptionFilter = "firehose-sim")
    {
        ArgumentNullException.ThrowIfNull(logGroup);
        ArgumentNullException.ThrowIfNull(logStream);
        ArgumentNullException.ThrowIfNull(events);
        return Write("DATA_MESSAGE", owner, logGroup, logStream, [subscriptionFilter], events);
    }

    /// <summary>A gzip'd <c>CONTROL_MESSAGE</c> record, as CloudWatch Logs sends to check a new destination.</summary>
    /// <param name="timestamp">The event's time.</param>
    /// <returns>The record's bytes.</returns>
    public static byte[] ControlMessage(DateTimeOffset timestamp) =>
        Write("CONTROL_MESSAGE", "CloudwatchLogs", string.Empty, string.Empty, [], [new SimulatedLogEvent(string.Empty, timestamp, ControlMessageText)]);

    private static byte[] Write(string messageType, string owner, string logGroup, string logStream, string[] filters, IEnumerable<SimulatedLogEvent> events)
    {
        var json = new ArrayBufferWriter<byte>(1024);
        using (var writer = new Utf8JsonWriter(json))
        {
            writer.WriteStartObject();
            writer.WriteString("messageType"u8, messageType);
            writer.WriteString("owner"u8, owner);
            writer.WriteString("logGroup"u8, logGroup);
            writer.WriteString("logStream"u8, logStream);
            writer.WriteStartArray("subscriptionFilters"u8);
            foreach (var filter in filters)
            {
                writer.WriteStringValue(filter);
            }

            writer.WriteEndArray();
            writer.WriteStartArray("logEvents"u8);
            foreach (var logEvent in events)
            {
                writer.WriteStartObject();
                writer.WriteString("id"u8, logEvent.Id);
                writer.WriteNumber("timestamp"u8, logEvent.Timestamp.ToUnixTimeMilliseconds());
                writer.WriteString("message"u8, logEvent.Message);
                writer.WriteEndObject();
            }

            writer.WriteEndArray();
            writer.WriteEndObject();
        }

        using var output = new MemoryStream();
        using (var gzip = new GZipStream(output, CompressionLevel.Optimal, leaveOpen: true))
        {
            gzip.Write(json.WrittenSpan);
        }

        return output.ToArray();
    }
}
