using System.Text.Json.Serialization;

namespace FirehoseAuth.Benchmarks.Payloads;

/// <summary>The class a user would deserialize one Metric Streams JSON line into.</summary>
public sealed class NaiveMetric
{
    [JsonPropertyName("metric_stream_name")] public string? MetricStreamName { get; set; }
    [JsonPropertyName("account_id")] public string? AccountId { get; set; }
    [JsonPropertyName("region")] public string? Region { get; set; }
    [JsonPropertyName("namespace")] public string? Namespace { get; set; }
    [JsonPropertyName("metric_name")] public string? MetricName { get; set; }
    [JsonPropertyName("dimensions")] public Dictionary<string, string>? Dimensions { get; set; }
    [JsonPropertyName("timestamp")] public long Timestamp { get; set; }
    [JsonPropertyName("value")] public Dictionary<string, double>? Value { get; set; }
    [JsonPropertyName("unit")] public string? Unit { get; set; }
}
