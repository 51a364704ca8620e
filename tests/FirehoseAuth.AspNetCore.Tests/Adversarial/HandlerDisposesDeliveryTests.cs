using System.Collections.Concurrent;
using System.Text;
using FirehoseAuth.AspNetCore.Tests.Infrastructure;

namespace FirehoseAuth.AspNetCore.Tests.Adversarial;

/// <summary>
/// A handler that disposes the delivery it was given (against the documentation, but an easy mistake with an
/// <see cref="IDisposable"/>) must not make the endpoint dispose the pooled instance a second time, by then possibly
/// another request's delivery, returning that request's buffers while it still uses them.
/// </summary>
[Collection(AdversarialCollection.Name)]
public sealed class HandlerDisposesDeliveryTests
{
    private static string Expected(int i) => $"{i}:" + new string((char)('a' + (i % 26)), 4000);

    [Fact]
    public async Task Concurrent_deliveries_keep_their_own_records_and_pools_drain_when_handlers_dispose_them()
    {
        var seen = new ConcurrentDictionary<string, string>();
        await using var server = await FirehoseTestServer.StartAsync(
            o => o.AccessKey = Deliveries.Key,
            async (delivery, ct) =>
            {
                var requestId = delivery.RequestId;
                await Task.Yield(); // leave a window in which a wrong dispose by another request would take this one's buffers
                var first = Encoding.UTF8.GetString(delivery.Records[0].Span);
                var second = Encoding.UTF8.GetString(delivery.Records[1].Span);
                seen[requestId] = first == second && first == Expected(int.Parse(first.Split(':')[0], System.Globalization.CultureInfo.InvariantCulture)) ? "ok" : "corrupt";
                delivery.Dispose();
                await Task.Yield(); // let other requests rent the instance this handler just gave back
                await Task.Delay(1, ct);
            });

        var failures = new ConcurrentBag<string>();
        await Parallel.ForEachAsync(Enumerable.Range(0, 300), new ParallelOptions { MaxDegreeOfParallelism = 16 }, async (i, _) =>
        {
            var requestId = Deliveries.NewRequestId();
            var record = Encoding.UTF8.GetBytes(Expected(i));
            var response = await server.SendAsync(Deliveries.Request(requestId, Deliveries.Body(requestId, record, record)));
            if (response.StatusCode != 200 || response.RequestId != requestId)
            {
                failures.Add($"{i}: {response.StatusCode} {response.RequestId} {response.ErrorMessage}");
            }
        });

        Assert.Empty(failures);
        Assert.Equal(300, seen.Count);
        Assert.All(seen.Values, v => Assert.Equal("ok", v));
        await AdversarialServer.AssertPoolsDrainedAsync();
    }
}
