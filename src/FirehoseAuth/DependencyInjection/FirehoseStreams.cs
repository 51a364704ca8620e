using FirehoseAuth.Authentication;
using FirehoseAuth.Deduplication;
using FirehoseAuth.Diagnostics;
using FirehoseAuth.Pipeline;
using FirehoseAuth.Secrets;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace FirehoseAuth.DependencyInjection;

/// <summary>
/// The registered delivery streams, each resolved once on first use: its validated options, its key source, its
/// validator and its pipeline. Streams that name the same secret with the same Secrets Manager settings share one
/// provider, so one refresh loop and one key set serve them all. Owns (and disposes) the providers and clients it made.
/// </summary>
internal sealed class FirehoseStreams : IAsyncDisposable, IDisposable
{
    private readonly IServiceProvider _services;
    private readonly FirehoseAuthRegistration _registration;
    private readonly Dictionary<string, FirehoseStream> _streams = new(StringComparer.Ordinal);
    private readonly Dictionary<SecretSourceKey, SecretsManagerKeySetProvider> _secretProviders = [];
    private readonly List<IDisposable> _owned = [];
    private readonly Lock _lock = new();

    public FirehoseStreams(IServiceProvider services, FirehoseAuthRegistration registration)
    {
        _services = services;
        _registration = registration;
    }

    /// <summary>Gets the names of the registered streams, in registration order.</summary>
    public IReadOnlyList<string> Names => _registration.StreamNames;

    /// <summary>Gets every registered stream, resolving (and so validating) each.</summary>
    public IEnumerable<FirehoseStream> All()
    {
        foreach (var name in _registration.StreamNames)
        {
            yield return Get(name);
        }
    }

    /// <summary>Gets a registered stream.</summary>
    /// <exception cref="InvalidOperationException">No stream of that name was registered.</exception>
    /// <exception cref="OptionsValidationException">The stream's options are invalid.</exception>
    public FirehoseStream Get(string name)
    {
        ArgumentNullException.ThrowIfNull(name);
        lock (_lock)
        {
            if (_streams.TryGetValue(name, out var stream))
            {
                return stream;
            }

            if (!_registration.IsStream(name))
            {
                throw new InvalidOperationException(UnknownStreamMessage(name, _registration.StreamNames));
            }

            stream = Create(name);
            _streams.Add(name, stream);
            return stream;
        }
    }

    internal static string UnknownStreamMessage(string name, IReadOnlyList<string> registered)
        => $"No Firehose delivery stream named '{name}' is registered (registered: {(registered.Count == 0 ? "none" : string.Join(", ", registered))}). " +
           $"Call services.AddFirehoseAuth(\"{name}\", configuration.GetSection(\"FirehoseAuth:Streams:{name}\")) first.";

    /// <summary>
    /// Creates the built-in key source that <paramref name="options"/> select: the Secrets Manager provider shared by
    /// every stream naming the same secret, or the static keys.
    /// </summary>
    internal IAccessKeySetProvider CreateBuiltInKeySource(FirehoseAuthOptions options)
    {
        if (AccessKeyOptionsValidator.UsesSecretsManager(options))
        {
            return GetSecretsManagerProvider(options);
        }

        if (!string.IsNullOrEmpty(options.AccessKey))
        {
            return StaticAccessKeySetProvider.FromOptions(options);
        }

        // Unreachable when options are validated (the validator says the same); never fall back to accepting everything.
        throw new InvalidOperationException(AccessKeyOptionsValidator.NoKeySourceMessage);
    }

    /// <summary>Gets (creating it on first use) the provider for the secret and Secrets Manager settings of <paramref name="options"/>.</summary>
    internal SecretsManagerKeySetProvider GetSecretsManagerProvider(FirehoseAuthOptions options)
    {
        var key = SecretSourceKey.From(options);
        lock (_lock)
        {
            if (_secretProviders.TryGetValue(key, out var provider))
            {
                return provider;
            }

            var timeProvider = FirehoseAuthServiceCollectionExtensions.GetTimeProvider(_services);
            var metrics = _services.GetRequiredService<FirehoseAuthMetrics>();
            var wrapped = Options.Create(options);
            // An application's ISecretValueSource (an IAmazonSecretsManager adapter) serves every secret; else each
            // provider gets a built-in client with its own stream's region, endpoint and retry settings.
            var source = _services.GetService<ISecretValueSource>();
            if (source is null)
            {
                var client = new SecretsManagerClient(_services.GetRequiredService<IHttpClientFactory>(), wrapped, timeProvider, _services.GetRequiredService<ILogger<SecretsManagerClient>>());
                _owned.Add(client);
                source = client;
            }

            provider = new SecretsManagerKeySetProvider(source, wrapped, timeProvider, _services.GetRequiredService<ILogger<SecretsManagerKeySetProvider>>(), metrics);
            metrics.ObserveKeySetAge(provider, key.SecretId, timeProvider);
            _secretProviders.Add(key, provider);
            return provider;
        }
    }

    /// <summary>
    /// The settings (by their path under a stream's section) that make two streams naming the same secret get two
    /// providers, or <see langword="null"/> when they name different secrets.
    /// </summary>
    internal static List<string>? DifferingSecretSettings(FirehoseAuthOptions first, FirehoseAuthOptions second)
    {
        var a = SecretSourceKey.From(first);
        var b = SecretSourceKey.From(second);
        return string.Equals(a.SecretId, b.SecretId, StringComparison.Ordinal) ? a.DifferencesFrom(b) : null;
    }

    /// <summary>Gets the distinct Secrets Manager providers created so far.</summary>
    internal IReadOnlyCollection<SecretsManagerKeySetProvider> SecretsManagerProviders
    {
        get
        {
            lock (_lock)
            {
                return [.. _secretProviders.Values];
            }
        }
    }

    private FirehoseStream Create(string name)
    {
        var optionsName = FirehoseAuthRegistration.OptionsName(name);
        var options = _services.GetRequiredService<IOptionsMonitor<FirehoseAuthOptions>>().Get(optionsName);
        var timeProvider = FirehoseAuthServiceCollectionExtensions.GetTimeProvider(_services);

        // The default stream keeps the unkeyed services an application may already resolve or replace.
        IAccessKeySetProvider keySource;
        AccessKeyValidator validator;
        if (optionsName == Options.DefaultName)
        {
            keySource = _services.GetRequiredService<IAccessKeySetProvider>();
            validator = _services.GetRequiredService<AccessKeyValidator>();
        }
        else
        {
            keySource = _services.GetKeyedService<IAccessKeySetProvider>(name) ?? CreateBuiltInKeySource(options);
            validator = new AccessKeyValidator(keySource, timeProvider);
        }

        var pipeline = new FirehoseDeliveryPipeline(
            name,
            options,
            validator,
            CreateLedger(options.Deduplication, timeProvider),
            _services.GetRequiredService<FirehoseAuthMetrics>(),
            timeProvider,
            _services.GetRequiredService<ILoggerFactory>().CreateLogger(typeof(FirehoseDeliveryPipeline).FullName!));
        return new FirehoseStream(name, options, keySource, validator, pipeline);
    }

    /// <summary>
    /// The stream's ledger: its own bounded in-memory one (keys carry the stream anyway), or the one Redis ledger that
    /// <c>AddFirehoseAuthRedisDeduplication</c> registered (validation has checked it is there).
    /// </summary>
    private IDeliveryLedger? CreateLedger(DeduplicationOptions options, TimeProvider timeProvider) => options.Store switch
    {
        DeduplicationStore.Memory => new MemoryDeliveryLedger(options.MemoryCapacity, timeProvider),
        DeduplicationStore.Redis => _services.GetRequiredKeyedService<IDeliveryLedger>(DeduplicationStore.Redis),
        _ => null,
    };

    public async ValueTask DisposeAsync()
    {
        foreach (var provider in TakeProviders())
        {
            await provider.DisposeAsync().ConfigureAwait(false);
        }

        DisposeOwned();
    }

    public void Dispose()
    {
        foreach (var provider in TakeProviders())
        {
            provider.Dispose();
        }

        DisposeOwned();
    }

    private List<SecretsManagerKeySetProvider> TakeProviders()
    {
        lock (_lock)
        {
            var providers = _secretProviders.Values.ToList();
            _secretProviders.Clear();
            return providers;
        }
    }

    private void DisposeOwned()
    {
        lock (_lock)
        {
            foreach (var owned in _owned)
            {
                owned.Dispose();
            }

            _owned.Clear();
        }
    }

    /// <summary>What makes two streams' key sets the same: the secret, how the key is read from it, and how it is fetched.</summary>
    private readonly record struct SecretSourceKey(
        string SecretId, string JsonKey, bool UseWholeSecretString, TimeSpan RotationGracePeriod, string? Region, Uri? ServiceUrl,
        bool UseFipsEndpoint, TimeSpan RefreshInterval, TimeSpan MinRefreshOnMissInterval, TimeSpan AttemptTimeout, int MaxAttempts, TimeSpan StartupWaitTimeout)
    {
        public static SecretSourceKey From(FirehoseAuthOptions options)
        {
            var s = options.SecretsManager;
            return new(s.SecretId!, s.JsonKey, s.UseWholeSecretString, options.RotationGracePeriod, s.Region, s.ServiceUrl,
                s.UseFipsEndpoint, s.RefreshInterval, s.MinRefreshOnMissInterval, s.AttemptTimeout, s.MaxAttempts, s.StartupWaitTimeout);
        }

        /// <summary>The settings other than the secret id in which <paramref name="other"/> differs, by their path under a stream's section.</summary>
        public List<string> DifferencesFrom(SecretSourceKey other)
        {
            var differences = new List<string>();
            void Compare<T>(string setting, T mine, T theirs)
            {
                if (!EqualityComparer<T>.Default.Equals(mine, theirs))
                {
                    differences.Add(setting);
                }
            }

            const string Prefix = nameof(FirehoseAuthOptions.SecretsManager) + ":";
            Compare(Prefix + nameof(SecretsManagerOptions.JsonKey), JsonKey, other.JsonKey);
            Compare(Prefix + nameof(SecretsManagerOptions.UseWholeSecretString), UseWholeSecretString, other.UseWholeSecretString);
            Compare(nameof(FirehoseAuthOptions.RotationGracePeriod), RotationGracePeriod, other.RotationGracePeriod);
            Compare(Prefix + nameof(SecretsManagerOptions.Region), Region, other.Region);
            Compare(Prefix + nameof(SecretsManagerOptions.ServiceUrl), ServiceUrl, other.ServiceUrl);
            Compare(Prefix + nameof(SecretsManagerOptions.UseFipsEndpoint), UseFipsEndpoint, other.UseFipsEndpoint);
            Compare(Prefix + nameof(SecretsManagerOptions.RefreshInterval), RefreshInterval, other.RefreshInterval);
            Compare(Prefix + nameof(SecretsManagerOptions.MinRefreshOnMissInterval), MinRefreshOnMissInterval, other.MinRefreshOnMissInterval);
            Compare(Prefix + nameof(SecretsManagerOptions.AttemptTimeout), AttemptTimeout, other.AttemptTimeout);
            Compare(Prefix + nameof(SecretsManagerOptions.MaxAttempts), MaxAttempts, other.MaxAttempts);
            Compare(Prefix + nameof(SecretsManagerOptions.StartupWaitTimeout), StartupWaitTimeout, other.StartupWaitTimeout);
            return differences;
        }
    }
}
