using System.Collections.Concurrent;
using FirehoseAuth.Deduplication;
using FirehoseAuth.Pipeline;
using static FirehoseAuth.Redis.Tests.Receivers;

namespace FirehoseAuth.Redis.Tests;

/// <summary>
/// Two receivers on one real redis-server when Redis answers late or a claim's holder stops: no delivery is refused
/// with 503 for longer than it takes Redis to answer again or the holder's lease to run out.
/// </summary>
public sealed class LateAnswerTests : IDisposable
{
    private static readonly TimeSpan StoreTimeout = TimeSpan.FromMilliseconds(200);
    private readonly RedisServer _server = new();

    public void Dispose() => _server.Dispose();

    // Redis pauses for less than the client's asyncTimeout (1 s): the claim is answered "claimed" after the pipeline
    // stopped waiting for it, and the pipeline releases it.
    [Fact]
    public Task A_claim_answered_after_the_store_timeout_is_released_so_the_retry_on_the_other_receiver_is_handled()
        => RetryAfterAPauseIsHandledOnceAsync(TimeSpan.FromMilliseconds(800));

    // Redis pauses for longer than the client's asyncTimeout: the claim fails with a timeout on the client, Redis
    // writes it when the pause ends, and the ledger's release (queued behind it on the same connection) removes it.
    [Fact]
    public Task A_claim_the_client_timed_out_on_but_Redis_wrote_later_is_released_so_the_retry_is_handled()
        => RetryAfterAPauseIsHandledOnceAsync(TimeSpan.FromSeconds(3));

    [Fact]
    public async Task A_lease_whose_holder_stopped_runs_out_and_the_other_receiver_takes_the_delivery_over()
    {
        await using var first = Create(_server, configure: d => d.Lease = TimeSpan.FromSeconds(2));
        await using var second = Create(_server, configure: d => d.Lease = TimeSpan.FromSeconds(2));
        var handled = new ConcurrentDictionary<string, int>();
        var handler = new CountingHandler(handled);
        await WarmUpAsync(first, second, handled);
        var id = Guid.NewGuid().ToString();
        var stopped = new StoppedHandler();

        var holder = DeliverAsync(first, id, stopped);
        await stopped.Entered.Task;
        var whileHeld = await DeliverAsync(second, id, handler);
        await Eventually.Until(() => DeliverAsync(second, id, handler), status => status == 200, TimeSpan.FromSeconds(15), "a takeover once the lease ran out");

        Assert.Equal(503, whileHeld);
        Assert.Equal(1, handled[id]);

        // The stopped holder wakes up: its late completion does not touch the takeover's, and retries stay handled.
        stopped.Wake.SetResult();
        Assert.Equal(200, await holder);
        Assert.Equal(200, await DeliverAsync(first, id, handler));
        Assert.Equal(1, handled[id]);
    }

    private async Task RetryAfterAPauseIsHandledOnceAsync(TimeSpan pause)
    {
        await using var first = Create(_server, StoreUnavailableBehavior.Reject, d => d.StoreTimeout = StoreTimeout);
        await using var second = Create(_server, StoreUnavailableBehavior.Reject, d => d.StoreTimeout = StoreTimeout);
        var handled = new ConcurrentDictionary<string, int>();
        var handler = new CountingHandler(handled);
        await WarmUpAsync(first, second, handled);
        var id = Guid.NewGuid().ToString();

        _server.Pause(pause);
        var duringPause = await DeliverAsync(first, id, handler);

        // Firehose retries, usually on the other receiver. Without the release the late claim holds for the whole
        // lease (5 minutes) and every retry is answered 503.
        await Eventually.Until(() => DeliverAsync(second, id, handler), status => status == 200, pause + TimeSpan.FromSeconds(10), "a retry answered 200 once Redis answers");

        Assert.Equal(503, duringPause); // the store did not answer within StoreTimeout, and the stream rejects then
        Assert.Equal(1, handled[id]);
        Assert.Equal(200, await DeliverAsync(first, id, handler));
        Assert.Equal(1, handled[id]);
    }

    private sealed class StoppedHandler : IFirehoseDeliveryHandler
    {
        public TaskCompletionSource Entered { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);

        public TaskCompletionSource Wake { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);

        public async ValueTask HandleAsync(FirehoseDeliveryContext context)
        {
            Entered.TrySetResult();
            await Wake.Task;
        }
    }
}
