using FirehoseAuth.Pipeline;
using FirehoseAuth.Protocol;

namespace FirehoseAuth.AspNetCore;

/// <summary>A lambda handler as an <see cref="IFirehoseDeliveryHandler"/>; one instance per mapped endpoint.</summary>
internal sealed class DelegateDeliveryHandler : IFirehoseDeliveryHandler
{
    private readonly Func<FirehoseDelivery, CancellationToken, ValueTask> _handler;

    public DelegateDeliveryHandler(Func<FirehoseDelivery, CancellationToken, ValueTask> handler) => _handler = handler;

    public ValueTask HandleAsync(FirehoseDeliveryContext context) => _handler(context.Delivery, context.CancellationToken);
}
