using System.Text;

namespace FirehoseAuth.Payloads;

/// <summary>One log event of a CloudWatch Logs <c>DATA_MESSAGE</c>.</summary>
/// <remarks>
/// Every <see cref="ReadOnlyMemory{T}"/> here is valid until the <see cref="FirehosePayloadReader"/> that decoded it is
/// reset or disposed, and (when the record was not gzip'd) until the delivery it came from is disposed: for a handler,
/// its whole run. JSON escapes are resolved; copy the bytes to keep them longer.
/// </remarks>
public readonly struct CloudWatchLogEvent
{
    internal CloudWatchLogEvent(ReadOnlyMemory<byte> id, long timestamp, ReadOnlyMemory<byte> message, ReadOnlyMemory<byte> extractedFields, ReadOnlyMemory<byte> awsAccount, ReadOnlyMemory<byte> awsRegion)
    {
        Id = id;
        TimestampMilliseconds = timestamp;
        Message = message;
        ExtractedFields = extractedFields;
        AwsAccount = awsAccount;
        AwsRegion = awsRegion;
    }

    /// <summary>Gets the event's <c>id</c> (a decimal string of up to 56 digits), as UTF-8.</summary>
    public ReadOnlyMemory<byte> Id { get; }

    /// <summary>Gets the event's <c>timestamp</c>, in milliseconds since the Unix epoch.</summary>
    public long TimestampMilliseconds { get; }

    /// <summary>Gets the event's <c>timestamp</c> (UTC), clamped to the range of <see cref="DateTimeOffset"/>.</summary>
    public DateTimeOffset Timestamp
        => DateTimeOffset.FromUnixTimeMilliseconds(Math.Clamp(TimestampMilliseconds, -62_135_596_800_000, 253_402_300_799_999));

    /// <summary>Gets the log message as UTF-8, with its JSON escapes resolved.</summary>
    public ReadOnlyMemory<byte> Message { get; }

    /// <summary>
    /// Gets the event's <c>extractedFields</c> object as raw JSON (escapes not resolved), or empty when it has none.
    /// Read it with <see cref="System.Text.Json.Utf8JsonReader"/> for fields other than <see cref="AwsAccount"/> and <see cref="AwsRegion"/>.
    /// </summary>
    public ReadOnlyMemory<byte> ExtractedFields { get; }

    /// <summary>Gets <c>extractedFields["@aws.account"]</c> (centralized logging: the source account), or empty.</summary>
    public ReadOnlyMemory<byte> AwsAccount { get; }

    /// <summary>Gets <c>extractedFields["@aws.region"]</c> (centralized logging: the source region), or empty.</summary>
    public ReadOnlyMemory<byte> AwsRegion { get; }

    /// <summary>Returns the log message as a new string (allocates; <see cref="Message"/> does not).</summary>
    /// <returns>The message.</returns>
    public string GetMessageString() => Encoding.UTF8.GetString(Message.Span);
}
