using System.Collections.Concurrent;
using FirehoseAuth.Deduplication;
using static FirehoseAuth.Redis.Tests.Receivers;

namespace FirehoseAuth.Redis.Tests;

/// <summary>
/// Two receivers (two containers, each with its own pipeline and Redis connection) behind one load balancer, sharing
/// one real redis-server: Firehose's retries of one request id reach the handler once, across both.
/// </summary>
public sealed class PipelinesOnOneRedisTests : IDisposable
{
    private readonly RedisServer _server = new();

    public void Dispose() => _server.Dispose();

    [Fact]
    public async Task The_same_request_id_sent_to_both_receivers_at_once_and_retried_until_200_is_handled_exactly_once()
    {
        await using var first = Create(_server);
        await using var second = Create(_server);
        var handled = new ConcurrentDictionary<string, int>();
        var handler = new CountingHandler(handled);
        await WarmUpAsync(first, second, handled);
        handled.Clear();
        var ids = Enumerable.Range(0, 40).Select(_ => Guid.NewGuid().ToString()).ToList();

        // Like Firehose after a timeout: each id goes to both instances concurrently, and whoever got a non-200 retries.
        await Parallel.ForEachAsync(ids, async (id, _) =>
        {
            await Task.WhenAll(DeliverUntil200Async(first, id, handler), DeliverUntil200Async(second, id, handler));
        });

        Assert.Equal(ids.Count, handled.Count);
        Assert.All(handled.Values, calls => Assert.Equal(1, calls));
    }

    [Fact]
    public async Task A_handler_failure_on_one_receiver_lets_the_retry_on_the_other_run_it_and_then_no_more()
    {
        await using var first = Create(_server);
        await using var second = Create(_server);
        var handled = new ConcurrentDictionary<string, int>();
        await WarmUpAsync(first, second, handled);
        var id = Guid.NewGuid().ToString();

        Assert.Equal(500, await DeliverAsync(first, id, new CountingHandler(handled, fail: true)));
        await DeliverUntil200Async(second, id, new CountingHandler(handled));
        Assert.Equal(200, await DeliverAsync(first, id, new CountingHandler(handled)));

        Assert.Equal(2, handled[id]); // the failed run and the retry that succeeded; never a third
    }

    [Fact]
    public async Task With_Redis_down_deliveries_are_still_handled_by_default_or_refused_with_503_when_asked_and_deduplication_resumes_after_a_restart()
    {
        await using var lenient = Create(_server);
        await using var strict = Create(_server, StoreUnavailableBehavior.Reject);
        var handled = new ConcurrentDictionary<string, int>();
        var handler = new CountingHandler(handled);
        Assert.Equal(200, await DeliverAsync(lenient, Guid.NewGuid().ToString(), handler)); // connected

        _server.Stop();
        var duringOutage = Guid.NewGuid().ToString();
        Assert.Equal(200, await DeliverAsync(lenient, duringOutage, handler));
        Assert.Equal(1, handled[duringOutage]);
        Assert.Equal(503, await DeliverAsync(strict, Guid.NewGuid().ToString(), handler));

        _server.Restart();
        await Eventually.Until(
            async () =>
            {
                // Once the ledger answers again, a retry of a handled id, sent to the other receiver, no longer reaches the handler.
                var id = Guid.NewGuid().ToString();
                var answers = (await DeliverAsync(strict, id, handler), await DeliverAsync(lenient, id, handler));
                return (answers, calls: handled.GetValueOrDefault(id));
            },
            r => r.answers == (200, 200) && r.calls == 1,
            TimeSpan.FromSeconds(30),
            "deduplication resumed after the restart");
    }
}
