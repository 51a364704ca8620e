using FirehoseAuth.Payloads;

namespace FirehoseReceiver;

/// <summary>
/// The record format of each stream the receiver serves: <c>Receiver:RecordFormat</c> for the default stream and, unless
/// <c>Receiver:Streams:{name}:RecordFormat</c> says otherwise, for every named one. Values are
/// <see cref="RecordFormatSetting.AllowedValues"/>; <c>raw</c> is the default. A bad value, or a
/// <c>Receiver:Streams:{name}</c> section for a stream that is not configured, is a start-up problem.
/// </summary>
internal sealed class ReceiverFormats
{
    public const string SettingName = "Receiver:RecordFormat";

    private readonly Dictionary<string, FirehoseRecordFormat> _streams = new(StringComparer.Ordinal);

    private ReceiverFormats(FirehoseRecordFormat defaultFormat) => Default = defaultFormat;

    /// <summary>Gets the default stream's format, also the default of the named streams.</summary>
    public FirehoseRecordFormat Default { get; }

    /// <summary>Gets the problems found, each naming its setting; empty when every setting is valid.</summary>
    public List<string> Problems { get; } = [];

    /// <summary>Reads the settings for the default stream and the named <paramref name="streams"/>.</summary>
    public static ReceiverFormats Read(Microsoft.Extensions.Configuration.IConfiguration configuration, IReadOnlyList<string> streams)
    {
        var problems = new List<string>();
        var fallback = Parse(configuration[SettingName], FirehoseRecordFormat.Raw, SettingName, problems);
        var formats = new ReceiverFormats(fallback);
        formats.Problems.AddRange(problems);
        foreach (var section in configuration.GetSection("Receiver:Streams").GetChildren())
        {
            if (!streams.Contains(section.Key, StringComparer.Ordinal))
            {
                formats.Problems.Add($"Receiver:Streams:{section.Key} names no stream: there is no FirehoseAuth:Streams:{section.Key} section.");
                continue;
            }

            var setting = $"Receiver:Streams:{section.Key}:RecordFormat";
            formats._streams[section.Key] = Parse(section["RecordFormat"], fallback, setting, formats.Problems);
        }

        return formats;
    }

    /// <summary>Gets a stream's format; <see langword="null"/> is the default stream.</summary>
    public FirehoseRecordFormat For(string? streamName)
        => streamName is not null && _streams.TryGetValue(streamName, out var format) ? format : Default;

    private static FirehoseRecordFormat Parse(string? value, FirehoseRecordFormat fallback, string setting, List<string> problems)
    {
        if (RecordFormatSetting.TryParse(value, fallback, out var format))
        {
            return format;
        }

        // The value itself is not repeated (a misplaced key must not be echoed), as for every other setting.
        problems.Add($"{setting} is not a record format; use {RecordFormatSetting.AllowedValues}.");
        return fallback;
    }
}
