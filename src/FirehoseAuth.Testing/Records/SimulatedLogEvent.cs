namespace FirehoseAuth.Testing;

/// <summary>One log event of a CloudWatch Logs subscription message.</summary>
/// <param name="Id">The event id (CloudWatch Logs writes a 56-digit number as a string).</param>
/// <param name="Timestamp">When the event happened (written in Unix milliseconds).</param>
/// <param name="Message">The log line.</param>
public readonly record struct SimulatedLogEvent(string Id, DateTimeOffset Timestamp, string Message);
