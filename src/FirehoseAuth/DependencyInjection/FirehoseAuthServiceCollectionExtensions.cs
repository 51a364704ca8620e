using FirehoseAuth;
using FirehoseAuth.Authentication;
using FirehoseAuth.DependencyInjection;
using FirehoseAuth.Diagnostics;
using FirehoseAuth.Secrets;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Microsoft.Extensions.DependencyInjection;

/// <summary>
/// Registers FirehoseAuth: options, the key source (Secrets Manager or static), the validator and telemetry.
/// </summary>
/// <remarks>
/// Every registration uses <c>TryAdd</c>, so calling these methods more than once (or both of them) is harmless and
/// services registered earlier by the application win. The key source is chosen when it is first resolved, from the
/// bound options: AWS Secrets Manager when <c>FirehoseAuth:SecretsManager:SecretId</c> is set, else the static
/// <c>FirehoseAuth:AccessKey</c>; with neither, start-up fails with a message that says what to set. The one seam an
/// application may replace is <see cref="IAccessKeySetProvider"/>. A <see cref="TimeProvider"/> registered in the
/// container is used; otherwise <see cref="TimeProvider.System"/>.
/// </remarks>
public static class FirehoseAuthServiceCollectionExtensions
{
    /// <summary>Adds FirehoseAuth bound to a configuration section (usually <c>FirehoseAuth</c>).</summary>
    /// <param name="services">The service collection.</param>
    /// <param name="configuration">The <c>FirehoseAuth</c> configuration section.</param>
    /// <returns><paramref name="services"/>.</returns>
    public static IServiceCollection AddFirehoseAuth(this IServiceCollection services, IConfiguration configuration)
    {
        ArgumentNullException.ThrowIfNull(services);
        ArgumentNullException.ThrowIfNull(configuration);

        AddCore(services);
        services.AddOptions<FirehoseAuthOptions>().Bind(configuration);
        return services;
    }

    /// <summary>Adds FirehoseAuth configured in code. May be combined with the configuration overload.</summary>
    /// <param name="services">The service collection.</param>
    /// <param name="configure">Configures the options.</param>
    /// <returns><paramref name="services"/>.</returns>
    public static IServiceCollection AddFirehoseAuth(this IServiceCollection services, Action<FirehoseAuthOptions> configure)
    {
        ArgumentNullException.ThrowIfNull(services);
        ArgumentNullException.ThrowIfNull(configure);

        AddCore(services);
        services.Configure(configure);
        return services;
    }

    private static void AddCore(IServiceCollection services)
    {
        foreach (var descriptor in services)
        {
            if (descriptor.ServiceType == typeof(FirehoseAuthRegistration))
            {
                return;
            }
        }

        var registration = new FirehoseAuthRegistration(services);
        services.AddSingleton(registration);

        // Binding a section twice appends its AllowedSourceArns twice: harmless for an allow-list, but keep it tidy.
        services.AddOptions<FirehoseAuthOptions>().ValidateOnStart().PostConfigure(static options => RemoveDuplicates(options.AllowedSourceArns));
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<FirehoseAuthOptions>, FirehoseAuthOptionsValidator>());
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<FirehoseAuthOptions>, SecretsManagerOptionsValidator>());

        services.AddMetrics();
        services.TryAddSingleton<FirehoseAuthMetrics>();

        services.AddHttpClient(SecretsManagerClient.HttpClientName)
            .ConfigurePrimaryHttpMessageHandler(static () => new SocketsHttpHandler { AllowAutoRedirect = false })

            // IHttpClientFactory's default loggers log the request headers at Trace level, and even with redaction the
            // log record's structured state still carries the raw values (X-Amz-Security-Token, the session token):
            // a structured provider (JSON console, OpenTelemetry) would write them. The client logs its own retries.
            .RemoveAllLoggers()
            .RedactLoggedHeaders(static _ => true);
        services.TryAddSingleton<ISecretValueSource>(static sp => new SecretsManagerClient(
            sp.GetRequiredService<IHttpClientFactory>(),
            sp.GetRequiredService<IOptions<FirehoseAuthOptions>>(),
            GetTimeProvider(sp),
            sp.GetRequiredService<ILogger<SecretsManagerClient>>()));
        services.TryAddSingleton(static sp =>
        {
            var timeProvider = GetTimeProvider(sp);
            var metrics = sp.GetRequiredService<FirehoseAuthMetrics>();
            var provider = new SecretsManagerKeySetProvider(
                sp.GetRequiredService<ISecretValueSource>(),
                sp.GetRequiredService<IOptions<FirehoseAuthOptions>>(),
                timeProvider,
                sp.GetRequiredService<ILogger<SecretsManagerKeySetProvider>>(),
                metrics);
            metrics.ObserveKeySetAge(provider, timeProvider);
            return provider;
        });

        services.TryAdd(registration.KeySourceDescriptor);
        services.TryAddSingleton(static sp => new AccessKeyValidator(sp.GetRequiredService<IAccessKeySetProvider>(), GetTimeProvider(sp)));
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IHostedService, FirehoseAuthKeySetHostedService>());
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

    /// <summary>Creates the built-in key source chosen by the options.</summary>
    internal static IAccessKeySetProvider CreateKeySource(IServiceProvider serviceProvider)
    {
        var options = serviceProvider.GetRequiredService<IOptions<FirehoseAuthOptions>>().Value;
        if (AccessKeyOptionsValidator.UsesSecretsManager(options))
        {
            return serviceProvider.GetRequiredService<SecretsManagerKeySetProvider>();
        }

        if (!string.IsNullOrEmpty(options.AccessKey))
        {
            return StaticAccessKeySetProvider.FromOptions(options);
        }

        // Unreachable when options are validated (the validator says the same); never fall back to accepting everything.
        throw new InvalidOperationException(AccessKeyOptionsValidator.NoKeySourceMessage);
    }
}
