using System.Buffers;
using System.Text;
using System.Text.Encodings.Web;
using System.Text.Json;
using System.Text.Unicode;
using FirehoseAuth.Protocol;

namespace FirehoseAuth.AspNetCore.Tests.Sample;

/// <summary>
/// What the receiver wrote before its own escaper: one <see cref="Utf8JsonWriter"/> line per record with
/// <see cref="JavaScriptEncoder.UnsafeRelaxedJsonEscaping"/>. Lines are compared by their parsed values.
/// </summary>
internal static class NdjsonReference
{
    private static readonly JsonWriterOptions Relaxed = new() { Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping };

    public static string Line(string requestId, long timestamp, string? stream, int index, byte[] data)
    {
        var buffer = new ArrayBufferWriter<byte>();
        using (var json = new Utf8JsonWriter(buffer, Relaxed))
        {
            json.WriteStartObject();
            json.WriteString("requestId", requestId);
            json.WriteNumber("timestamp", timestamp);
            if (stream is not null)
            {
                json.WriteString("stream", stream);
            }

            json.WriteNumber("index", index);
            if (Utf8.IsValid(data))
            {
                json.WriteString("data"u8, data);
            }
            else
            {
                json.WriteBase64String("dataBase64"u8, data);
            }

            json.WriteEndObject();
        }

        return Encoding.UTF8.GetString(buffer.WrittenSpan);
    }

    /// <summary>A JSON string literal as the JSON writer escapes it.</summary>
    public static byte[] StringLiteral(ReadOnlySpan<byte> utf8)
    {
        var buffer = new ArrayBufferWriter<byte>();
        using (var json = new Utf8JsonWriter(buffer, Relaxed))
        {
            json.WriteStringValue(utf8);
        }

        return buffer.WrittenSpan.ToArray();
    }

    /// <summary>The line's members in order, each with its kind and value as a parser reads them.</summary>
    public static List<string> Values(string line)
    {
        using var document = JsonDocument.Parse(line);
        return [.. document.RootElement.EnumerateObject().Select(p => $"{p.Name}|{p.Value.ValueKind}|{(p.Value.ValueKind == JsonValueKind.String ? p.Value.GetString() : p.Value.GetRawText())}")];
    }

    /// <summary>Parses a delivery of these records (the caller disposes it).</summary>
    public static FirehoseDelivery Delivery(string requestId, long timestamp, IReadOnlyList<byte[]> records)
    {
        var body = Infrastructure.Deliveries.Body(requestId, timestamp, [.. records]);
        Assert.True(FirehoseRequestParser.TryParse(body, new FirehoseRequestHeaders { RequestId = requestId }, new FirehoseParserOptions(), out var delivery, out var error), error?.Message);
        return delivery;
    }

    /// <summary>Text with the characters an escaper must get right, for generators to draw from.</summary>
    public static string Tricky { get; } = "\"\\/\b\f\n\r\t\u0000\u0001\u001f\u007f\u0080\u00e9\u2028\u2029\ufeff\uffff<>&'+`{}[]:,aZ \U0001F600";
}
