namespace FirehoseAuth.Payloads;

/// <summary>The <c>messageType</c> of a CloudWatch Logs subscription message.</summary>
public enum CloudWatchLogsMessageType
{
    /// <summary><c>DATA_MESSAGE</c>: log events from a log group.</summary>
    Data,

    /// <summary><c>CONTROL_MESSAGE</c>: CloudWatch Logs checking that the destination is reachable; it carries no log data.</summary>
    Control,
}
