using System.Diagnostics.CodeAnalysis;
using Amazon;
using Amazon.Runtime;

namespace FirehoseAuth.Secrets;

/// <summary>
/// Decides where requests go and which region signs them: the configured <see cref="SecretsManagerOptions.ServiceUrl"/>,
/// else <c>AWS_ENDPOINT_URL_SECRETS_MANAGER</c>, else <c>AWS_ENDPOINT_URL</c> (both ignored when
/// <c>AWS_IGNORE_CONFIGURED_ENDPOINT_URLS</c> is <c>true</c>), else <c>https://secretsmanager[-fips].{region}.{dnsSuffix}/</c>
/// with the DNS suffix of the region's partition as AWSSDK.Core knows it.
/// </summary>
internal static class SecretsManagerEndpoint
{
    /// <summary>The service-specific endpoint variable.</summary>
    public const string ServiceEndpointVariable = "AWS_ENDPOINT_URL_SECRETS_MANAGER";

    /// <summary>The global endpoint variable.</summary>
    public const string GlobalEndpointVariable = "AWS_ENDPOINT_URL";

    /// <summary>The variable that turns both endpoint variables off.</summary>
    public const string IgnoreEndpointsVariable = "AWS_IGNORE_CONFIGURED_ENDPOINT_URLS";

    /// <summary>Resolves the endpoint and signing region.</summary>
    /// <param name="options">The options (already validated).</param>
    /// <param name="getEnvironmentVariable">Reads an environment variable.</param>
    /// <param name="fallbackRegion">Finds the region when none is configured (the SDK's region chain), or returns <see langword="null"/>.</param>
    /// <param name="endpoint">The URL every request is sent (and signed) to.</param>
    /// <param name="region">The region in the SigV4 credential scope.</param>
    /// <param name="error">Why no endpoint could be found.</param>
    /// <returns><see langword="true"/> on success.</returns>
    public static bool TryResolve(
        SecretsManagerOptions options,
        Func<string, string?> getEnvironmentVariable,
        Func<RegionEndpoint?> fallbackRegion,
        [NotNullWhen(true)] out Uri? endpoint,
        [NotNullWhen(true)] out RegionEndpoint? region,
        [NotNullWhen(false)] out string? error)
    {
        region = options.Region is { Length: > 0 } configured ? RegionEndpoint.GetBySystemName(configured) : null;
        endpoint = options.ServiceUrl;
        error = null;

        if (endpoint is null && !string.Equals(getEnvironmentVariable(IgnoreEndpointsVariable), "true", StringComparison.OrdinalIgnoreCase))
        {
            foreach (var variable in (ReadOnlySpan<string>)[ServiceEndpointVariable, GlobalEndpointVariable])
            {
                if (getEnvironmentVariable(variable) is not { Length: > 0 } value)
                {
                    continue;
                }

                if (!Uri.TryCreate(value, UriKind.Absolute, out var fromEnvironment) || (fromEnvironment.Scheme != Uri.UriSchemeHttp && fromEnvironment.Scheme != Uri.UriSchemeHttps))
                {
                    error = $"{variable} is not an absolute http(s) URL.";
                    return false;
                }

                endpoint = fromEnvironment;
                break;
            }
        }

        region ??= fallbackRegion();
        if (endpoint is not null)
        {
            region ??= RegionEndpoint.GetBySystemName(SecretsManagerConstants.DefaultSigningRegion);
            return true;
        }

        if (region is null)
        {
            error = "No AWS region is configured (FirehoseAuth:SecretsManager:Region, AWS_REGION or a profile) and no endpoint URL is set.";
            return false;
        }

        var prefix = options.UseFipsEndpoint ? SecretsManagerConstants.FipsServiceName : SecretsManagerConstants.ServiceName;
        endpoint = new Uri($"https://{prefix}.{region.SystemName}.{region.PartitionDnsSuffix}/", UriKind.Absolute);
        return true;
    }

    /// <summary>The SDK's region chain (<c>AWS_REGION</c>, profile, instance metadata); <see langword="null"/> when it finds none.</summary>
    public static RegionEndpoint? FallbackRegion()
    {
        try
        {
            return FallbackRegionFactory.GetRegionEndpoint();
        }
        catch (AmazonClientException)
        {
            return null;
        }
    }
}
