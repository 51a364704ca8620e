namespace FirehoseAuth.Payloads;

/// <summary>The scalar fields of a metric, gathered while its line is read.</summary>
internal struct CloudWatchMetricFields
{
    public ReadOnlyMemory<byte> MetricStreamName;
    public ReadOnlyMemory<byte> AccountId;
    public ReadOnlyMemory<byte> Region;
    public ReadOnlyMemory<byte> Namespace;
    public ReadOnlyMemory<byte> MetricName;
    public ReadOnlyMemory<byte> Unit;
    public long Timestamp;
    public bool HasTimestamp;
    public bool HasValue;
    public double Max;
    public double Min;
    public double Sum;
    public double Count;
}
