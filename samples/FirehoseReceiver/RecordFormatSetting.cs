using FirehoseAuth.Payloads;

namespace FirehoseReceiver;

/// <summary>The values of the receiver's <c>RecordFormat</c> settings and the formats they select.</summary>
internal static class RecordFormatSetting
{
    /// <summary>The allowed values, for messages: <c>raw</c> (the default), then the decoded formats.</summary>
    public const string AllowedValues = "raw, cloudwatch-logs, cloudwatch-metrics-json, cloudwatch-metrics-otel or auto";

    /// <summary>Reads a setting's value (case-insensitive); an absent or empty value is <paramref name="fallback"/>.</summary>
    /// <returns>Whether the value names a format.</returns>
    public static bool TryParse(string? value, FirehoseRecordFormat fallback, out FirehoseRecordFormat format)
    {
        format = value?.Trim().ToLowerInvariant() switch
        {
            null or "" => fallback,
            "raw" => FirehoseRecordFormat.Raw,
            "cloudwatch-logs" => FirehoseRecordFormat.CloudWatchLogs,
            "cloudwatch-metrics-json" => FirehoseRecordFormat.CloudWatchMetricsJson,
            "cloudwatch-metrics-otel" => FirehoseRecordFormat.CloudWatchMetricsOpenTelemetry,
            "auto" => FirehoseRecordFormat.Auto,
            _ => (FirehoseRecordFormat)(-1),
        };
        return Enum.IsDefined(format);
    }
}
