using FirehoseAuth.AspNetCore;
using FirehoseAuth.Diagnostics;
using FirehoseAuth.Protocol;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;

namespace Microsoft.AspNetCore.Builder;

/// <summary>
/// Maps an Amazon Data Firehose HTTP endpoint.
/// </summary>
public static class FirehoseEndpointRouteBuilderExtensions
{
    /// <summary>
    /// Maps a Firehose delivery endpoint at <paramref name="pattern"/>: authenticates before reading the body, parses
    /// the delivery, calls <paramref name="handler"/>, and answers 200 only after the handler completed.
    /// </summary>
    /// <remarks>
    /// The endpoint answers every method itself (405 for anything but POST, in Firehose's JSON format), checks, in this
    /// order, the access key (401, or 503 while no key set is loaded), the source ARN allow-list (403), the content
    /// type and encoding (415), then reads the body within <c>FirehoseAuth:Limits</c> (400, 413) — raising the
    /// server's per-request body-size limit to match — and calls the handler; a handler exception is answered 500 so
    /// Firehose retries. Requires <c>services.AddFirehoseAuth(...)</c>.
    /// </remarks>
    /// <param name="endpoints">The route builder.</param>
    /// <param name="pattern">The route pattern, for example <c>/firehose</c>.</param>
    /// <param name="handler">Makes the records durable. The delivery and its records are valid only until the returned task completes; the endpoint disposes the delivery then (do not dispose it, and do not keep it).</param>
    /// <returns>A builder to add conventions (host, authorization, rate limiting) to the endpoint.</returns>
    /// <exception cref="InvalidOperationException"><c>AddFirehoseAuth</c> was not called.</exception>
    public static IEndpointConventionBuilder MapFirehoseEndpoint(this IEndpointRouteBuilder endpoints, string pattern, Func<FirehoseDelivery, CancellationToken, ValueTask> handler)
    {
        ArgumentNullException.ThrowIfNull(endpoints);
        ArgumentNullException.ThrowIfNull(pattern);
        ArgumentNullException.ThrowIfNull(handler);

        if (endpoints.ServiceProvider.GetService<FirehoseAuthMetrics>() is null)
        {
            throw new InvalidOperationException("MapFirehoseEndpoint needs FirehoseAuth's services: call builder.Services.AddFirehoseAuth(builder.Configuration.GetSection(\"FirehoseAuth\")) first.");
        }

        var endpoint = new FirehoseEndpoint(endpoints.ServiceProvider, handler);
        return endpoints.Map(pattern, endpoint.InvokeAsync).WithDisplayName("Firehose delivery " + pattern);
    }
}
