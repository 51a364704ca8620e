namespace FirehoseAuth.Payloads;

/// <summary>One CloudWatch Logs subscription message: a <c>DATA_MESSAGE</c> with log events, or a <c>CONTROL_MESSAGE</c>.</summary>
/// <remarks>
/// The byte fields are UTF-8 with JSON escapes resolved, empty when the field is absent or null; they and the lists are
/// valid until the <see cref="FirehosePayloadReader"/> that decoded them is reset or disposed (and the delivery they
/// came from is disposed).
/// </remarks>
public readonly struct CloudWatchLogsMessage
{
    internal CloudWatchLogsMessage(CloudWatchLogsMessageType messageType, ReadOnlyMemory<byte> owner, ReadOnlyMemory<byte> logGroup, ReadOnlyMemory<byte> logStream, ReadOnlyMemory<byte> policyLevel, PayloadList<ReadOnlyMemory<byte>> subscriptionFilters, PayloadList<CloudWatchLogEvent> logEvents)
    {
        MessageType = messageType;
        Owner = owner;
        LogGroup = logGroup;
        LogStream = logStream;
        PolicyLevel = policyLevel;
        SubscriptionFilters = subscriptionFilters;
        LogEvents = logEvents;
    }

    /// <summary>Gets the message type: data, or a control message that carries no log data.</summary>
    public CloudWatchLogsMessageType MessageType { get; }

    /// <summary>Gets a value indicating whether this is a <c>DATA_MESSAGE</c>.</summary>
    public bool IsData => MessageType == CloudWatchLogsMessageType.Data;

    /// <summary>Gets <c>owner</c>: the AWS account id of the log group (<c>CloudwatchLogs</c> on control messages).</summary>
    public ReadOnlyMemory<byte> Owner { get; }

    /// <summary>Gets <c>logGroup</c>.</summary>
    public ReadOnlyMemory<byte> LogGroup { get; }

    /// <summary>Gets <c>logStream</c>.</summary>
    public ReadOnlyMemory<byte> LogStream { get; }

    /// <summary>Gets <c>policyLevel</c> (for example <c>ACCOUNT_LEVEL_POLICY</c>), or empty when absent.</summary>
    public ReadOnlyMemory<byte> PolicyLevel { get; }

    /// <summary>Gets the names in <c>subscriptionFilters</c>.</summary>
    public PayloadList<ReadOnlyMemory<byte>> SubscriptionFilters { get; }

    /// <summary>Gets <c>logEvents</c>. A control message has one, whose message describes the check; it is not log data.</summary>
    public PayloadList<CloudWatchLogEvent> LogEvents { get; }
}
