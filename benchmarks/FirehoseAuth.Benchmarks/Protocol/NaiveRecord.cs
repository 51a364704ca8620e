using System.Text.Json.Serialization;

namespace FirehoseAuth.Benchmarks.Protocol;

/// <summary>A record of <see cref="NaiveRequest"/>: data as a base64 string, decoded with <see cref="Convert.FromBase64String(string)"/>.</summary>
public sealed class NaiveRecord
{
    [JsonPropertyName("data")]
    public string? Data { get; set; }
}
