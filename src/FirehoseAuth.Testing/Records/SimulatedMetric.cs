namespace FirehoseAuth.Testing;

/// <summary>One metric of a CloudWatch Metric Streams JSON line (one minute's statistics of one metric).</summary>
/// <param name="Namespace">The metric's namespace, for example <c>AWS/EC2</c>.</param>
/// <param name="MetricName">The metric's name, for example <c>CPUUtilization</c>.</param>
/// <param name="Timestamp">The start of the minute (written in Unix milliseconds).</param>
/// <param name="Max">The maximum.</param>
/// <param name="Min">The minimum.</param>
/// <param name="Sum">The sum.</param>
/// <param name="Count">The sample count.</param>
public sealed record SimulatedMetric(string Namespace, string MetricName, DateTimeOffset Timestamp, double Max, double Min, double Sum, double Count)
{
    /// <summary>Gets the unit.</summary>
    /// <value>The default value is <c>None</c>.</value>
    public string Unit { get; init; } = "None";

    /// <summary>Gets the dimensions, written in their enumeration order.</summary>
    /// <value>The default value is none.</value>
    public IReadOnlyDictionary<string, string>? Dimensions { get; init; }

    /// <summary>Gets the metric stream's name.</summary>
    /// <value>The default value is <c>firehose-sim</c>.</value>
    public string MetricStreamName { get; init; } = "firehose-sim";

    /// <summary>Gets the AWS account id.</summary>
    /// <value>The default value is <c>123456789012</c>.</value>
    public string AccountId { get; init; } = "123456789012";

    /// <summary>Gets the region.</summary>
    /// <value>The default value is <c>us-east-1</c>.</value>
    public string Region { get; init; } = "us-east-1";
}
