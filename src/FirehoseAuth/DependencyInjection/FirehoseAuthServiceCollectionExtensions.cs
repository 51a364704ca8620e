using FirehoseAuth;
using FirehoseAuth.Authentication;
using FirehoseAuth.DependencyInjection;
using FirehoseAuth.Diagnostics;
using FirehoseAuth.Pipeline;
using FirehoseAuth.Secrets;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;

namespace Microsoft.Extensions.DependencyInjection;

/// <summary>
/// Registers FirehoseAuth: one or more delivery streams (each with its options, key source, validator and
/// <see cref="FirehoseDeliveryPipeline"/>) and telemetry.
/// </summary>
/// <remarks>
/// Every registration uses <c>TryAdd</c>, so calling these methods more than once (or both of them) is harmless and
/// services registered earlier by the application win. The key source is chosen when it is first resolved, from the
/// bound options: AWS Secrets Manager when <c>FirehoseAuth:SecretsManager:SecretId</c> is set, else the static
/// <c>FirehoseAuth:AccessKey</c>; with neither, start-up fails with a message that says what to set. The one seam an
/// application may replace is <see cref="IAccessKeySetProvider"/>. A <see cref="TimeProvider"/> registered in the
/// container is used; otherwise <see cref="TimeProvider.System"/>.
/// <para>
/// Named streams (<c>AddFirehoseAuth("logs", …)</c>) each have their own keys or secret, allow-list, limits and
/// rotation settings, validated on start with messages that name the stream's settings. Streams that name the same
/// secret with the same Secrets Manager settings share one refresh loop and key set. A named stream's key source can be
/// replaced with a keyed <see cref="IAccessKeySetProvider"/> registered under the stream's name.
/// </para>
/// </remarks>
public static class FirehoseAuthServiceCollectionExtensions
{
    /// <summary>Adds FirehoseAuth's default stream bound to a configuration section (usually <c>FirehoseAuth</c>).</summary>
    /// <param name="services">The service collection.</param>
    /// <param name="configuration">The <c>FirehoseAuth</c> configuration section.</param>
    /// <returns><paramref name="services"/>.</returns>
    public static IServiceCollection AddFirehoseAuth(this IServiceCollection services, IConfiguration configuration)
        => services.AddFirehoseAuth(FirehoseAuthOptions.DefaultStreamName, configuration);

    /// <summary>Adds FirehoseAuth's default stream configured in code. May be combined with the configuration overload.</summary>
    /// <param name="services">The service collection.</param>
    /// <param name="configure">Configures the options.</param>
    /// <returns><paramref name="services"/>.</returns>
    public static IServiceCollection AddFirehoseAuth(this IServiceCollection services, Action<FirehoseAuthOptions> configure)
        => services.AddFirehoseAuth(FirehoseAuthOptions.DefaultStreamName, configure);

    /// <summary>Adds a named delivery stream bound to a configuration section (for example <c>FirehoseAuth:Streams:logs</c>).</summary>
    /// <param name="services">The service collection.</param>
    /// <param name="streamName">The stream's name: 1 to 64 letters, digits, '-', '_' or '.'; <see cref="FirehoseAuthOptions.DefaultStreamName"/> is the default stream.</param>
    /// <param name="configuration">The stream's configuration section: a complete set of the <c>FirehoseAuth</c> settings.</param>
    /// <returns><paramref name="services"/>.</returns>
    /// <exception cref="ArgumentException"><paramref name="streamName"/> is not a valid name.</exception>
    public static IServiceCollection AddFirehoseAuth(this IServiceCollection services, string streamName, IConfiguration configuration)
    {
        ArgumentNullException.ThrowIfNull(services);
        ArgumentNullException.ThrowIfNull(configuration);

        var path = streamName != FirehoseAuthOptions.DefaultStreamName && configuration is IConfigurationSection section ? section.Path : null;
        AddStream(services, streamName, path);
        services.AddOptions<FirehoseAuthOptions>(FirehoseAuthRegistration.OptionsName(streamName)).Bind(configuration);
        return services;
    }

    /// <summary>Adds a named delivery stream configured in code. May be combined with the configuration overload.</summary>
    /// <param name="services">The service collection.</param>
    /// <param name="streamName">The stream's name: 1 to 64 letters, digits, '-', '_' or '.'; <see cref="FirehoseAuthOptions.DefaultStreamName"/> is the default stream.</param>
    /// <param name="configure">Configures the stream's options.</param>
    /// <returns><paramref name="services"/>.</returns>
    /// <exception cref="ArgumentException"><paramref name="streamName"/> is not a valid name.</exception>
    public static IServiceCollection AddFirehoseAuth(this IServiceCollection services, string streamName, Action<FirehoseAuthOptions> configure)
    {
        ArgumentNullException.ThrowIfNull(services);
        ArgumentNullException.ThrowIfNull(configure);

        AddStream(services, streamName, settingsPath: null);
        services.Configure(FirehoseAuthRegistration.OptionsName(streamName), configure);
        return services;
    }

    private static void AddStream(IServiceCollection services, string streamName, string? settingsPath)
    {
        FirehoseAuthRegistration.ValidateStreamName(streamName);
        var registration = AddCore(services);
        if (registration.IsStream(streamName))
        {
            return;
        }

        var isDefault = streamName == FirehoseAuthOptions.DefaultStreamName;
        registration.AddStream(streamName, isDefault ? FirehoseAuthOptions.SectionName : settingsPath ?? $"{FirehoseAuthOptions.SectionName}:Streams:{streamName}");

        // Binding a section twice appends its AllowedSourceArns twice: harmless for an allow-list, but keep it tidy.
        services.AddOptions<FirehoseAuthOptions>(FirehoseAuthRegistration.OptionsName(streamName))
            .ValidateOnStart()
            .PostConfigure(static options => RemoveDuplicates(options.AllowedSourceArns));
        services.AddKeyedSingleton(streamName, static (sp, key) => sp.GetRequiredService<FirehoseStreams>().Get((string)key!).Pipeline);
        if (isDefault)
        {
            services.TryAddSingleton(static sp => sp.GetRequiredService<FirehoseStreams>().Get(FirehoseAuthOptions.DefaultStreamName).Pipeline);
        }
    }

    private static FirehoseAuthRegistration AddCore(IServiceCollection services)
    {
        foreach (var descriptor in services)
        {
            if (descriptor.ServiceType == typeof(FirehoseAuthRegistration) && descriptor.ImplementationInstance is FirehoseAuthRegistration existing)
            {
                return existing;
            }
        }

        var registration = new FirehoseAuthRegistration(services);
        services.AddSingleton(registration);
        services.TryAddSingleton<FirehoseStreams>();
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<FirehoseAuthOptions>, FirehoseAuthOptionsValidator>());

        services.AddMetrics();
        services.TryAddSingleton<FirehoseAuthMetrics>();

        services.AddHttpClient(SecretsManagerClient.HttpClientName)
            .ConfigurePrimaryHttpMessageHandler(static () => new SocketsHttpHandler { AllowAutoRedirect = false })

            // IHttpClientFactory's default loggers log the request headers at Trace level, and even with redaction the
            // log record's structured state still carries the raw values (X-Amz-Security-Token, the session token):
            // a structured provider (JSON console, OpenTelemetry) would write them. The client logs its own retries.
            .RemoveAllLoggers()
            .RedactLoggedHeaders(static _ => true);

        // The default stream's Secrets Manager provider (shared with any named stream that names the same secret).
        services.TryAddSingleton(static sp => sp.GetRequiredService<FirehoseStreams>().GetSecretsManagerProvider(
            sp.GetRequiredService<IOptions<FirehoseAuthOptions>>().Value));

        services.TryAdd(registration.KeySourceDescriptor);
        services.TryAddSingleton(static sp => new AccessKeyValidator(sp.GetRequiredService<IAccessKeySetProvider>(), GetTimeProvider(sp)));
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IHostedService, FirehoseAuthKeySetHostedService>());
        return registration;
    }

    private static void RemoveDuplicates(IList<string> values)
    {
        var seen = new HashSet<string>(StringComparer.Ordinal);
        for (var i = 0; i < values.Count;)
        {
            if (seen.Add(values[i]))
            {
                i++;
            }
            else
            {
                values.RemoveAt(i);
            }
        }
    }

    /// <summary>The <see cref="TimeProvider"/> registered in the container, else <see cref="TimeProvider.System"/>.</summary>
    internal static TimeProvider GetTimeProvider(IServiceProvider serviceProvider)
        => serviceProvider.GetService<TimeProvider>() ?? TimeProvider.System;

    /// <summary>Creates the default stream's built-in key source chosen by its options.</summary>
    internal static IAccessKeySetProvider CreateKeySource(IServiceProvider serviceProvider)
        => serviceProvider.GetRequiredService<FirehoseStreams>().CreateBuiltInKeySource(serviceProvider.GetRequiredService<IOptions<FirehoseAuthOptions>>().Value);
}
