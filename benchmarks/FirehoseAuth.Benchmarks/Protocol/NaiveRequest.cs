using System.Text.Json.Serialization;

namespace FirehoseAuth.Benchmarks.Protocol;

/// <summary>The POCO a user would write for the naive baseline (records' data as base64 strings).</summary>
public sealed class NaiveRequest
{
    [JsonPropertyName("requestId")]
    public string? RequestId { get; set; }

    [JsonPropertyName("timestamp")]
    public long Timestamp { get; set; }

    [JsonPropertyName("records")]
    public List<NaiveRecord>? Records { get; set; }
}
