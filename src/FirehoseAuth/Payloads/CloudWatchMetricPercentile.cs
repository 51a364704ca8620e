namespace FirehoseAuth.Payloads;

/// <summary>A percentile of a metric's <c>value</c> object (a member other than max, min, sum and count, such as <c>p99</c>).</summary>
public readonly struct CloudWatchMetricPercentile
{
    internal CloudWatchMetricPercentile(ReadOnlyMemory<byte> name, double value)
    {
        Name = name;
        Value = value;
    }

    /// <summary>Gets the statistic's name as UTF-8, for example <c>p99</c> or <c>p99.9</c>.</summary>
    public ReadOnlyMemory<byte> Name { get; }

    /// <summary>Gets the statistic's value.</summary>
    public double Value { get; }
}
