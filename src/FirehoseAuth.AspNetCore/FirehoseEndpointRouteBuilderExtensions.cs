using FirehoseAuth.Protocol;
using Microsoft.AspNetCore.Routing;

namespace Microsoft.AspNetCore.Builder;

/// <summary>
/// Maps an Amazon Data Firehose HTTP endpoint.
/// </summary>
public static class FirehoseEndpointRouteBuilderExtensions
{
    // STUB: the AspNetCore implementation replaces this body.

    /// <summary>
    /// Maps a Firehose delivery endpoint at <paramref name="pattern"/>: authenticates before reading the body, parses
    /// the delivery, calls <paramref name="handler"/>, and answers 200 only after the handler completed.
    /// </summary>
    /// <param name="endpoints">The route builder.</param>
    /// <param name="pattern">The route pattern, for example <c>/firehose</c>.</param>
    /// <param name="handler">Makes the records durable. The delivery and its records are valid only until the returned task completes.</param>
    /// <returns>A builder to add conventions (host, authorization, rate limiting) to the endpoint.</returns>
    public static IEndpointConventionBuilder MapFirehoseEndpoint(this IEndpointRouteBuilder endpoints, string pattern, Func<FirehoseDelivery, CancellationToken, ValueTask> handler)
        => throw new NotImplementedException();
}
