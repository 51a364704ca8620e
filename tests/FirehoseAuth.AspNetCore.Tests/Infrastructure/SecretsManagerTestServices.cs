using FirehoseAuth.Secrets;
using FirehoseAuth.Tests.Secrets.Fakes;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace FirehoseAuth.AspNetCore.Tests.Infrastructure;

/// <summary>Registers the built-in Secrets Manager client the way the end-to-end tests need it.</summary>
public static class SecretsManagerTestServices
{
    /// <summary>
    /// Registers the built-in <see cref="SecretsManagerClient"/> as the <see cref="ISecretValueSource"/>, on
    /// <paramref name="time"/>, signing with the fake's test <paramref name="credentials"/> instead of the default chain
    /// (which reads the process-wide environment).
    /// </summary>
    public static IServiceCollection AddSecretsManagerClient(this IServiceCollection services, TimeProvider time, AwsTestCredentials credentials)
        => services.AddSingleton<ISecretValueSource>(sp => new SecretsManagerClient(
            sp.GetRequiredService<IHttpClientFactory>(),
            sp.GetRequiredService<IOptions<FirehoseAuthOptions>>(),
            time,
            sp.GetRequiredService<ILogger<SecretsManagerClient>>(),
            credentials.ToSdk(),
            random: null,
            getEnvironmentVariable: static _ => null));
}
