namespace FirehoseAuth.Benchmarks.Payloads;

public sealed class NaiveLogEvent
{
    public string? Id { get; set; }
    public long Timestamp { get; set; }
    public string? Message { get; set; }
}
