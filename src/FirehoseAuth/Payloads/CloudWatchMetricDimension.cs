namespace FirehoseAuth.Payloads;

/// <summary>One entry of a metric's <c>dimensions</c>: name and value as UTF-8, JSON escapes resolved.</summary>
public readonly struct CloudWatchMetricDimension
{
    internal CloudWatchMetricDimension(ReadOnlyMemory<byte> name, ReadOnlyMemory<byte> value)
    {
        Name = name;
        Value = value;
    }

    /// <summary>Gets the dimension name, for example <c>InstanceId</c>.</summary>
    public ReadOnlyMemory<byte> Name { get; }

    /// <summary>Gets the dimension value.</summary>
    public ReadOnlyMemory<byte> Value { get; }
}
