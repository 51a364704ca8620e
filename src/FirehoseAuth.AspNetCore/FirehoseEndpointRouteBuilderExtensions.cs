using FirehoseAuth;
using FirehoseAuth.AspNetCore;
using FirehoseAuth.Pipeline;
using FirehoseAuth.Protocol;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;

namespace Microsoft.AspNetCore.Builder;

/// <summary>
/// Maps Amazon Data Firehose HTTP endpoints, one per delivery stream.
/// </summary>
/// <remarks>
/// Each endpoint answers every method itself (405 for anything but POST, in Firehose's JSON format) and runs the
/// stream's <see cref="FirehoseDeliveryPipeline"/>: the access key (401, or 503 while no key set is loaded) from the
/// headers before any body byte is read, the source ARN allow-list (403), the content type and encoding (415), then the
/// body within the stream's limits (400, 413) — raising the server's per-request body-size limit to match — and the
/// handler; a handler exception is answered 500 so Firehose retries; 200 only after the handler completed. A stream
/// name that was never registered with <c>services.AddFirehoseAuth(name, …)</c> fails here, at start-up.
/// </remarks>
public static class FirehoseEndpointRouteBuilderExtensions
{
    /// <summary>Maps the default stream's endpoint at <paramref name="pattern"/> with a handler delegate.</summary>
    /// <param name="endpoints">The route builder.</param>
    /// <param name="pattern">The route pattern, for example <c>/firehose</c>.</param>
    /// <param name="handler">Makes the records durable. The delivery and its records are valid only until the returned task completes; the endpoint disposes the delivery then (do not dispose it, and do not keep it).</param>
    /// <returns>A builder to add conventions (host, authorization, rate limiting) to the endpoint.</returns>
    /// <exception cref="InvalidOperationException"><c>AddFirehoseAuth</c> was not called for the default stream.</exception>
    public static IEndpointConventionBuilder MapFirehoseEndpoint(this IEndpointRouteBuilder endpoints, string pattern, Func<FirehoseDelivery, CancellationToken, ValueTask> handler)
        => endpoints.MapFirehoseEndpoint(pattern, FirehoseAuthOptions.DefaultStreamName, handler);

    /// <summary>Maps a named stream's endpoint at <paramref name="pattern"/> with a handler delegate.</summary>
    /// <param name="endpoints">The route builder.</param>
    /// <param name="pattern">The route pattern, for example <c>/firehose/logs</c>.</param>
    /// <param name="streamName">The stream registered with <c>services.AddFirehoseAuth(streamName, …)</c>.</param>
    /// <param name="handler">Makes the records durable; see <see cref="MapFirehoseEndpoint(IEndpointRouteBuilder, string, Func{FirehoseDelivery, CancellationToken, ValueTask})"/>.</param>
    /// <returns>A builder to add conventions to the endpoint.</returns>
    /// <exception cref="InvalidOperationException">No stream named <paramref name="streamName"/> is registered.</exception>
    public static IEndpointConventionBuilder MapFirehoseEndpoint(this IEndpointRouteBuilder endpoints, string pattern, string streamName, Func<FirehoseDelivery, CancellationToken, ValueTask> handler)
    {
        ArgumentNullException.ThrowIfNull(handler);
        return Map(endpoints, pattern, streamName, new DelegateDeliveryHandler(handler));
    }

    /// <summary>
    /// Maps the default stream's endpoint at <paramref name="pattern"/> with a handler class, resolved from the
    /// request's scope for every delivery (so it may take scoped services such as a <c>DbContext</c>).
    /// </summary>
    /// <typeparam name="THandler">The handler; register it in DI (<c>services.AddScoped&lt;THandler&gt;()</c>).</typeparam>
    /// <param name="endpoints">The route builder.</param>
    /// <param name="pattern">The route pattern, for example <c>/firehose</c>.</param>
    /// <returns>A builder to add conventions to the endpoint.</returns>
    /// <exception cref="InvalidOperationException">The default stream or <typeparamref name="THandler"/> is not registered.</exception>
    public static IEndpointConventionBuilder MapFirehoseEndpoint<THandler>(this IEndpointRouteBuilder endpoints, string pattern)
        where THandler : class, IFirehoseDeliveryHandler
        => endpoints.MapFirehoseEndpoint<THandler>(pattern, FirehoseAuthOptions.DefaultStreamName);

    /// <summary>Maps a named stream's endpoint at <paramref name="pattern"/> with a handler class resolved from the request's scope.</summary>
    /// <typeparam name="THandler">The handler; register it in DI (<c>services.AddScoped&lt;THandler&gt;()</c>).</typeparam>
    /// <param name="endpoints">The route builder.</param>
    /// <param name="pattern">The route pattern, for example <c>/firehose/logs</c>.</param>
    /// <param name="streamName">The stream registered with <c>services.AddFirehoseAuth(streamName, …)</c>.</param>
    /// <returns>A builder to add conventions to the endpoint.</returns>
    /// <exception cref="InvalidOperationException">The stream or <typeparamref name="THandler"/> is not registered.</exception>
    public static IEndpointConventionBuilder MapFirehoseEndpoint<THandler>(this IEndpointRouteBuilder endpoints, string pattern, string streamName)
        where THandler : class, IFirehoseDeliveryHandler
    {
        ArgumentNullException.ThrowIfNull(endpoints);
        if (endpoints.ServiceProvider.GetService<IServiceProviderIsService>() is { } isService && !isService.IsService(typeof(THandler)))
        {
            throw new InvalidOperationException($"MapFirehoseEndpoint<{typeof(THandler).Name}> needs the handler in DI: call builder.Services.AddScoped<{typeof(THandler).Name}>() (or AddSingleton/AddTransient) first.");
        }

        return Map(endpoints, pattern, streamName, new ServiceDeliveryHandler<THandler>(endpoints.ServiceProvider));
    }

    private static IEndpointConventionBuilder Map(IEndpointRouteBuilder endpoints, string pattern, string streamName, IFirehoseDeliveryHandler handler)
    {
        ArgumentNullException.ThrowIfNull(endpoints);
        ArgumentNullException.ThrowIfNull(pattern);
        ArgumentNullException.ThrowIfNull(streamName);

        var services = endpoints.ServiceProvider;
        var isKeyed = services.GetService<IServiceProviderIsKeyedService>();
        if (isKeyed is not null && !isKeyed.IsKeyedService(typeof(FirehoseDeliveryPipeline), streamName))
        {
            throw new InvalidOperationException(isKeyed.IsService(typeof(FirehoseDeliveryPipeline)) || streamName != FirehoseAuthOptions.DefaultStreamName
                ? $"MapFirehoseEndpoint: no Firehose delivery stream named '{streamName}' is registered. Call builder.Services.AddFirehoseAuth(\"{streamName}\", builder.Configuration.GetSection(\"FirehoseAuth:Streams:{streamName}\")) first."
                : "MapFirehoseEndpoint needs FirehoseAuth's services: call builder.Services.AddFirehoseAuth(builder.Configuration.GetSection(\"FirehoseAuth\")) first.");
        }

        var endpoint = new FirehoseEndpoint(services, streamName, handler);
        var name = streamName == FirehoseAuthOptions.DefaultStreamName ? "Firehose delivery " + pattern : $"Firehose delivery {pattern} ({streamName})";
        return endpoints.Map(pattern, endpoint.InvokeAsync).WithDisplayName(name);
    }
}
