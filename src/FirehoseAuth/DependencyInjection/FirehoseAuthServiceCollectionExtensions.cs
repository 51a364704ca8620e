using FirehoseAuth;
using Microsoft.Extensions.Configuration;

namespace Microsoft.Extensions.DependencyInjection;

/// <summary>
/// Registers FirehoseAuth: options, the key source (Secrets Manager or static), the validator and telemetry.
/// </summary>
public static class FirehoseAuthServiceCollectionExtensions
{
    // STUB: the DependencyInjection implementation replaces these bodies.

    /// <summary>Adds FirehoseAuth bound to a configuration section (usually <c>FirehoseAuth</c>).</summary>
    /// <param name="services">The service collection.</param>
    /// <param name="configuration">The <c>FirehoseAuth</c> configuration section.</param>
    /// <returns><paramref name="services"/>.</returns>
    public static IServiceCollection AddFirehoseAuth(this IServiceCollection services, IConfiguration configuration)
        => throw new NotImplementedException();

    /// <summary>Adds FirehoseAuth configured in code. May be combined with the configuration overload.</summary>
    /// <param name="services">The service collection.</param>
    /// <param name="configure">Configures the options.</param>
    /// <returns><paramref name="services"/>.</returns>
    public static IServiceCollection AddFirehoseAuth(this IServiceCollection services, Action<FirehoseAuthOptions> configure)
        => throw new NotImplementedException();
}
