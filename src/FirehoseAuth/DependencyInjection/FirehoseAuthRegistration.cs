using System.Text.RegularExpressions;
using FirehoseAuth.Authentication;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace FirehoseAuth.DependencyInjection;

/// <summary>
/// Marks a service collection to which FirehoseAuth was added: makes repeated <c>AddFirehoseAuth</c> calls
/// harmless, remembers the registered delivery streams (and the settings path each is configured under, for
/// messages), and tells, once the container is built, whether the application replaced a stream's key source.
/// </summary>
internal sealed partial class FirehoseAuthRegistration
{
    private readonly IServiceCollection _services;
    private readonly List<string> _streamNames = [];
    private readonly Dictionary<string, string> _settingsPaths = new(StringComparer.Ordinal);

    public FirehoseAuthRegistration(IServiceCollection services)
    {
        _services = services;
        KeySourceDescriptor = ServiceDescriptor.Singleton<IAccessKeySetProvider>(FirehoseAuthServiceCollectionExtensions.CreateKeySource);
    }

    /// <summary>Gets the registration of the default stream's built-in key source.</summary>
    public ServiceDescriptor KeySourceDescriptor { get; }

    /// <summary>Gets the registered streams' names, in registration order.</summary>
    public IReadOnlyList<string> StreamNames => _streamNames;

    /// <summary>
    /// Gets a value indicating whether the default stream's key source is the built-in one (the last
    /// <see cref="IAccessKeySetProvider"/> registration wins, so an application may add its own before or after).
    /// </summary>
    public bool UsesBuiltInKeySource
    {
        get
        {
            for (var i = _services.Count - 1; i >= 0; i--)
            {
                if (_services[i].ServiceType == typeof(IAccessKeySetProvider) && !_services[i].IsKeyedService)
                {
                    return ReferenceEquals(_services[i], KeySourceDescriptor);
                }
            }

            return false;
        }
    }

    /// <summary>The options name of a stream: <see cref="Options.DefaultName"/> for the default stream, else its name.</summary>
    public static string OptionsName(string streamName)
        => streamName == FirehoseAuthOptions.DefaultStreamName ? Options.DefaultName : streamName;

    /// <summary>The stream an options name belongs to.</summary>
    public static string StreamName(string? optionsName)
        => string.IsNullOrEmpty(optionsName) ? FirehoseAuthOptions.DefaultStreamName : optionsName;

    /// <summary>Checks a stream name: it becomes a configuration key, a URL segment and a metric tag.</summary>
    /// <exception cref="ArgumentException">The name is not 1–64 letters, digits, '-', '_' or '.', starting with a letter or digit.</exception>
    public static void ValidateStreamName(string streamName)
    {
        ArgumentNullException.ThrowIfNull(streamName);
        if (!StreamNamePattern().IsMatch(streamName))
        {
            throw new ArgumentException($"'{streamName}' is not a valid Firehose stream name: use 1 to 64 letters, digits, '-', '_' or '.', starting with a letter or digit.", nameof(streamName));
        }
    }

    /// <summary>Records a stream; the first registration's settings path is kept.</summary>
    public void AddStream(string streamName, string settingsPath)
    {
        if (_settingsPaths.TryAdd(streamName, settingsPath))
        {
            _streamNames.Add(streamName);
        }
    }

    public bool IsStream(string streamName) => _settingsPaths.ContainsKey(streamName);

    /// <summary>
    /// Gets the settings path messages should name for a stream's options (<c>FirehoseAuth</c> for the default
    /// stream, the bound section's path — such as <c>FirehoseAuth:Streams:logs</c> — for a named one).
    /// </summary>
    public string SettingsPath(string? optionsName)
        => _settingsPaths.TryGetValue(StreamName(optionsName), out var path) ? path : FirehoseAuthOptions.SectionName;

    /// <summary>Gets whether a named stream uses a built-in key source (no keyed <see cref="IAccessKeySetProvider"/> registered for it).</summary>
    public bool UsesBuiltInKeySourceFor(string? optionsName)
    {
        if (string.IsNullOrEmpty(optionsName))
        {
            return UsesBuiltInKeySource;
        }

        foreach (var descriptor in _services)
        {
            if (descriptor.IsKeyedService && descriptor.ServiceType == typeof(IAccessKeySetProvider) && Equals(descriptor.ServiceKey, optionsName))
            {
                return false;
            }
        }

        return true;
    }

    [GeneratedRegex("^[A-Za-z0-9][A-Za-z0-9_.-]{0,63}$", RegexOptions.CultureInvariant, matchTimeoutMilliseconds: 1000)]
    private static partial Regex StreamNamePattern();
}
