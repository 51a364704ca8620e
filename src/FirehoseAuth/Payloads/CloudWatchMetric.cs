namespace FirehoseAuth.Payloads;

/// <summary>One metric of a CloudWatch Metric Streams JSON record (one line of the record).</summary>
/// <remarks>
/// The byte fields are UTF-8 with JSON escapes resolved, empty when absent or null; they and the lists are valid until
/// the <see cref="FirehosePayloadReader"/> that decoded them is reset or disposed (and the delivery they came from is disposed).
/// </remarks>
public readonly struct CloudWatchMetric
{
    internal CloudWatchMetric(in CloudWatchMetricFields fields, PayloadList<CloudWatchMetricDimension> dimensions, PayloadList<CloudWatchMetricPercentile> percentiles)
    {
        MetricStreamName = fields.MetricStreamName;
        AccountId = fields.AccountId;
        Region = fields.Region;
        Namespace = fields.Namespace;
        MetricName = fields.MetricName;
        Unit = fields.Unit;
        TimestampMilliseconds = fields.Timestamp;
        Max = fields.Max;
        Min = fields.Min;
        Sum = fields.Sum;
        Count = fields.Count;
        Dimensions = dimensions;
        Percentiles = percentiles;
    }

    /// <summary>Gets <c>metric_stream_name</c>.</summary>
    public ReadOnlyMemory<byte> MetricStreamName { get; }

    /// <summary>Gets <c>account_id</c>.</summary>
    public ReadOnlyMemory<byte> AccountId { get; }

    /// <summary>Gets <c>region</c>.</summary>
    public ReadOnlyMemory<byte> Region { get; }

    /// <summary>Gets <c>namespace</c>, for example <c>AWS/EC2</c>.</summary>
    public ReadOnlyMemory<byte> Namespace { get; }

    /// <summary>Gets <c>metric_name</c>.</summary>
    public ReadOnlyMemory<byte> MetricName { get; }

    /// <summary>Gets <c>unit</c>, for example <c>Seconds</c>.</summary>
    public ReadOnlyMemory<byte> Unit { get; }

    /// <summary>Gets <c>timestamp</c>, in milliseconds since the Unix epoch.</summary>
    public long TimestampMilliseconds { get; }

    /// <summary>Gets <c>timestamp</c> (UTC), clamped to the range of <see cref="DateTimeOffset"/>.</summary>
    public DateTimeOffset Timestamp
        => DateTimeOffset.FromUnixTimeMilliseconds(Math.Clamp(TimestampMilliseconds, -62_135_596_800_000, 253_402_300_799_999));

    /// <summary>Gets <c>value.max</c> (<see cref="double.NaN"/> when absent).</summary>
    public double Max { get; }

    /// <summary>Gets <c>value.min</c> (<see cref="double.NaN"/> when absent).</summary>
    public double Min { get; }

    /// <summary>Gets <c>value.sum</c> (<see cref="double.NaN"/> when absent).</summary>
    public double Sum { get; }

    /// <summary>Gets <c>value.count</c> (<see cref="double.NaN"/> when absent).</summary>
    public double Count { get; }

    /// <summary>Gets <c>dimensions</c>, in record order.</summary>
    public PayloadList<CloudWatchMetricDimension> Dimensions { get; }

    /// <summary>Gets the other members of <c>value</c> (percentiles such as <c>p99</c>), in record order.</summary>
    public PayloadList<CloudWatchMetricPercentile> Percentiles { get; }
}
