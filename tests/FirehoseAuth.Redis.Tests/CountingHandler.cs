using System.Collections.Concurrent;
using FirehoseAuth.Pipeline;

namespace FirehoseAuth.Redis.Tests;

/// <summary>Counts the handler's runs per request id; fails after counting when asked.</summary>
internal sealed class CountingHandler(ConcurrentDictionary<string, int> handled, bool fail = false) : IFirehoseDeliveryHandler
{
    public async ValueTask HandleAsync(FirehoseDeliveryContext context)
    {
        handled.AddOrUpdate(context.Delivery.RequestId, 1, static (_, n) => n + 1);
        await Task.Yield(); // a handler that takes a moment, so the two receivers overlap
        if (fail)
        {
            throw new InvalidOperationException("the store behind the handler is down");
        }
    }
}
