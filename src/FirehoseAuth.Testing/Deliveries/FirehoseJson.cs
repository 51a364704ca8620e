using System.Buffers;
using System.Text;
using System.Text.Json;

namespace FirehoseAuth.Testing;

/// <summary>Writes Firehose's JSON with <see cref="Utf8JsonWriter"/>: compact, as Firehose sends it.</summary>
internal static class FirehoseJson
{
    private static readonly JsonWriterOptions Compact = new() { Indented = false, SkipValidation = true };

    /// <summary>The length of the body <see cref="WriteBody"/> writes, without writing it.</summary>
    public static long BodyLength(int requestIdLength, long timestampMilliseconds, IEnumerable<int> recordLengths)
    {
        // {"requestId":"…","timestamp":N,"records":[ … ]}
        long length = "{\"requestId\":\"\",\"timestamp\":,\"records\":[]}".Length + requestIdLength + timestampMilliseconds.ToString(System.Globalization.CultureInfo.InvariantCulture).Length;
        var count = 0;
        foreach (var recordLength in recordLengths)
        {
            length += RecordLength(recordLength);
            count++;
        }

        return length + Math.Max(0, count - 1);
    }

    /// <summary>The bytes one record takes in the body: <c>{"data":"…"}</c>.</summary>
    public static long RecordLength(int decodedLength) => "{\"data\":\"\"}".Length + ((decodedLength + 2L) / 3 * 4);

    public static byte[] WriteBody(string requestId, DateTimeOffset timestamp, IReadOnlyList<ReadOnlyMemory<byte>> records)
    {
        var lengths = new int[records.Count];
        for (var i = 0; i < lengths.Length; i++)
        {
            lengths[i] = records[i].Length;
        }

        var expected = BodyLength(Encoding.UTF8.GetByteCount(requestId), timestamp.ToUnixTimeMilliseconds(), lengths);
        var buffer = new ArrayBufferWriter<byte>(checked((int)expected));
        using (var writer = new Utf8JsonWriter(buffer, Compact))
        {
            writer.WriteStartObject();
            writer.WriteString("requestId"u8, requestId);
            writer.WriteNumber("timestamp"u8, timestamp.ToUnixTimeMilliseconds());
            writer.WriteStartArray("records"u8);
            foreach (var record in records)
            {
                writer.WriteStartObject();
                writer.WriteBase64String("data"u8, record.Span);
                writer.WriteEndObject();
            }

            writer.WriteEndArray();
            writer.WriteEndObject();
        }

        return buffer.WrittenSpan.ToArray();
    }

    public static string WriteCommonAttributes(IReadOnlyDictionary<string, string> attributes)
    {
        var buffer = new ArrayBufferWriter<byte>(256);
        using (var writer = new Utf8JsonWriter(buffer, new JsonWriterOptions { Indented = false }))
        {
            writer.WriteStartObject();
            writer.WriteStartObject("commonAttributes"u8);
            foreach (var (name, value) in attributes)
            {
                writer.WriteString(name, value);
            }

            writer.WriteEndObject();
            writer.WriteEndObject();
        }

        return Encoding.UTF8.GetString(buffer.WrittenSpan);
    }
}
