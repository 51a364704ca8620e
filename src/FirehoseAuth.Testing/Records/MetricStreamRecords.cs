using System.Buffers;
using System.Text.Json;

namespace FirehoseAuth.Testing;

/// <summary>
/// Records as a CloudWatch Metric Stream hands them to Firehose: JSON (one object per metric, each line ending with a
/// newline) or OpenTelemetry 1.0 (each <c>ExportMetricsServiceRequest</c> message prefixed by its length as a varint).
/// </summary>
public static class MetricStreamRecords
{
    /// <summary>A Metric Streams JSON record: one line per metric.</summary>
    /// <param name="metrics">The metrics.</param>
    /// <returns>The record's bytes (UTF-8, newline-terminated lines, not gzip'd).</returns>
    public static byte[] Json(params IEnumerable<SimulatedMetric> metrics)
    {
        ArgumentNullException.ThrowIfNull(metrics);
        var output = new ArrayBufferWriter<byte>(1024);
        foreach (var metric in metrics)
        {
            using (var writer = new Utf8JsonWriter(output))
            {
                writer.WriteStartObject();
                writer.WriteString("metric_stream_name"u8, metric.MetricStreamName);
                writer.WriteString("account_id"u8, metric.AccountId);
                writer.WriteString("region"u8, metric.Region);
                writer.WriteString("namespace"u8, metric.Namespace);
                writer.WriteString("metric_name"u8, metric.MetricName);
                writer.WriteStartObject("dimensions"u8);
                foreach (var (name, value) in metric.Dimensions ?? new Dictionary<string, string>())
                {
                    writer.WriteString(name, value);
                }

                writer.WriteEndObject();
                writer.WriteNumber("timestamp"u8, metric.Timestamp.ToUnixTimeMilliseconds());
                writer.WriteStartObject("value"u8);
                writer.WriteNumber("max"u8, metric.Max);
                writer.WriteNumber("min"u8, metric.Min);
                writer.WriteNumber("sum"u8, metric.Sum);
                writer.WriteNumber("count"u8, metric.Count);
                writer.WriteEndObject();
                writer.WriteString("unit"u8, metric.Unit);
                writer.WriteEndObject();
            }

            output.Write("\n"u8);
        }

        return output.WrittenSpan.ToArray();
    }

    /// <summary>A Metric Streams OpenTelemetry 1.0 record: each message prefixed by its length as a protobuf varint.</summary>
    /// <param name="messages">The serialized <c>ExportMetricsServiceRequest</c> messages (for example from an OTLP exporter); their bytes are not checked.</param>
    /// <returns>The record's bytes.</returns>
    public static byte[] OpenTelemetry(params IEnumerable<ReadOnlyMemory<byte>> messages)
    {
        ArgumentNullException.ThrowIfNull(messages);
        var output = new ArrayBufferWriter<byte>(1024);
        foreach (var message in messages)
        {
            var span = output.GetSpan(10);
            var length = (ulong)message.Length;
            var written = 0;
            do
            {
                var low = (byte)(length & 0x7F);
                length >>= 7;
                span[written++] = length == 0 ? low : (byte)(low | 0x80);
            }
            while (length != 0);

            output.Advance(written);
            output.Write(message.Span);
        }

        return output.WrittenSpan.ToArray();
    }
}
