using System.Text.Json.Serialization;

namespace FirehoseAuth.Benchmarks.Protocol;

/// <summary>The better naive POCO: System.Text.Json decodes each record's base64 straight into a <see cref="byte"/> array.</summary>
public sealed class NaiveBytesRequest
{
    [JsonPropertyName("requestId")]
    public string? RequestId { get; set; }

    [JsonPropertyName("timestamp")]
    public long Timestamp { get; set; }

    [JsonPropertyName("records")]
    public List<NaiveBytesRecord>? Records { get; set; }
}
