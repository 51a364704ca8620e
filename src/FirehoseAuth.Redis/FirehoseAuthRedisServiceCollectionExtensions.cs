using FirehoseAuth.Deduplication;
using FirehoseAuth.Redis;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using StackExchange.Redis;

namespace Microsoft.Extensions.DependencyInjection;

/// <summary>
/// Registers the Redis delivery ledger, under the service key <see cref="DeduplicationStore.Redis"/>, for the
/// streams whose <c>Deduplication:Store</c> is <c>Redis</c>.
/// </summary>
/// <remarks>
/// Every registration uses <c>TryAdd</c>, so calling these methods more than once (or both of them) is harmless. With
/// <see cref="RedisDeduplicationOptions.Configuration"/> set, the package connects on first use and disposes the
/// connection with the container; without it, the <see cref="IConnectionMultiplexer"/> registered in the container
/// is used (and left to its owner). The options are validated at start-up.
/// </remarks>
public static class FirehoseAuthRedisServiceCollectionExtensions
{
    /// <summary>Adds the Redis delivery ledger bound to a configuration section (usually <c>FirehoseAuth:Deduplication:Redis</c>).</summary>
    /// <param name="services">The service collection.</param>
    /// <param name="configuration">The <c>FirehoseAuth:Deduplication:Redis</c> configuration section.</param>
    /// <returns><paramref name="services"/>.</returns>
    public static IServiceCollection AddFirehoseAuthRedisDeduplication(this IServiceCollection services, IConfiguration configuration)
    {
        ArgumentNullException.ThrowIfNull(services);
        ArgumentNullException.ThrowIfNull(configuration);

        AddCore(services);
        services.AddOptions<RedisDeduplicationOptions>().Bind(configuration);
        return services;
    }

    /// <summary>Adds the Redis delivery ledger configured in code. May be combined with the configuration overload.</summary>
    /// <param name="services">The service collection.</param>
    /// <param name="configure">Configures the options.</param>
    /// <returns><paramref name="services"/>.</returns>
    public static IServiceCollection AddFirehoseAuthRedisDeduplication(this IServiceCollection services, Action<RedisDeduplicationOptions> configure)
    {
        ArgumentNullException.ThrowIfNull(services);
        ArgumentNullException.ThrowIfNull(configure);

        AddCore(services);
        services.Configure(configure);
        return services;
    }

    private static void AddCore(IServiceCollection services)
    {
        services.AddOptions<RedisDeduplicationOptions>().ValidateOnStart();
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<RedisDeduplicationOptions>, RedisDeduplicationOptionsValidator>());

        // The container disposes the connection (and so the multiplexer, when the package created it).
        services.TryAddSingleton(static sp =>
        {
            var options = sp.GetRequiredService<IOptions<RedisDeduplicationOptions>>().Value;
            return string.IsNullOrWhiteSpace(options.Configuration)
                ? new RedisConnection(sp.GetRequiredService<IConnectionMultiplexer>())
                : new RedisConnection(options.Configuration, sp.GetService<ILoggerFactory>());
        });
        services.TryAddKeyedSingleton<IDeliveryLedger>(DeduplicationStore.Redis, static (sp, _) =>
        {
            var options = sp.GetRequiredService<IOptions<RedisDeduplicationOptions>>().Value;
            return new RedisDeliveryLedger(sp.GetRequiredService<RedisConnection>(), options.KeyPrefix, options.Database);
        });
    }
}
