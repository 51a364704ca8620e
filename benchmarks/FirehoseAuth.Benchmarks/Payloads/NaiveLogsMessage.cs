namespace FirehoseAuth.Benchmarks.Payloads;

/// <summary>The classes a user would deserialize a CloudWatch Logs subscription message into.</summary>
public sealed class NaiveLogsMessage
{
    public string? MessageType { get; set; }
    public string? Owner { get; set; }
    public string? LogGroup { get; set; }
    public string? LogStream { get; set; }
    public List<string>? SubscriptionFilters { get; set; }
    public List<NaiveLogEvent>? LogEvents { get; set; }
}
