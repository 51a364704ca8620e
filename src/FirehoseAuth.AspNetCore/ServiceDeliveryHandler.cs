using FirehoseAuth.Pipeline;
using Microsoft.Extensions.DependencyInjection;

namespace FirehoseAuth.AspNetCore;

/// <summary>
/// Resolves <typeparamref name="THandler"/> from the request's scope for each delivery and calls it. A handler that
/// cannot be resolved throws here, inside the pipeline's handler step: answered 500 (so Firehose retries) and logged.
/// </summary>
internal sealed class ServiceDeliveryHandler<THandler> : IFirehoseDeliveryHandler
    where THandler : class, IFirehoseDeliveryHandler
{
    private readonly IServiceProvider _rootServices;

    public ServiceDeliveryHandler(IServiceProvider rootServices) => _rootServices = rootServices;

    public ValueTask HandleAsync(FirehoseDeliveryContext context)
        => (context.RequestServices ?? _rootServices).GetRequiredService<THandler>().HandleAsync(context);
}
