namespace FirehoseAuth.Diagnostics;

/// <summary>
/// Names under which FirehoseAuth publishes telemetry.
/// </summary>
public static class FirehoseAuthDiagnostics
{
    /// <summary>The name of the <see cref="System.Diagnostics.Metrics.Meter"/>: <c>FirehoseAuth</c>.</summary>
    public const string MeterName = "FirehoseAuth";

    /// <summary>
    /// The name of the <see cref="System.Diagnostics.ActivitySource"/> that starts one activity per delivery (a child of
    /// the host's request activity): <c>FirehoseAuth</c>.
    /// </summary>
    public const string ActivitySourceName = "FirehoseAuth";

    /// <summary>The name of the key-freshness health check: <c>firehoseauth-keys</c>.</summary>
    public const string HealthCheckName = "firehoseauth-keys";
}
