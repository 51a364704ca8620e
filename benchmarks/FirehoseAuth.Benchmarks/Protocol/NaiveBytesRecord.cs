using System.Text.Json.Serialization;

namespace FirehoseAuth.Benchmarks.Protocol;

/// <summary>A record of <see cref="NaiveBytesRequest"/>.</summary>
public sealed class NaiveBytesRecord
{
    [JsonPropertyName("data")]
    public byte[]? Data { get; set; }
}
