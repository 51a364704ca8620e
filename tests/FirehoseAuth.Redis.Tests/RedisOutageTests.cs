using System.Diagnostics;
using FirehoseAuth.Deduplication;

namespace FirehoseAuth.Redis.Tests;

public sealed class RedisOutageTests
{
    private static readonly TimeSpan Lease = TimeSpan.FromMinutes(5);
    private static readonly TimeSpan Retention = TimeSpan.FromHours(3);

    [Fact]
    public async Task Calls_fail_promptly_while_Redis_is_down_and_the_same_ledger_works_again_once_it_is_back()
    {
        // A server of its own: this test stops it.
        using var server = new RedisServer();
        await using var instances = new TwoInstances(server);
        var before = TwoInstances.NewKey();
        var claim = await instances.First.TryClaimAsync(before, Lease, CancellationToken.None);
        await instances.First.CompleteAsync(before, claim.Token, Retention, CancellationToken.None);

        server.Stop();
        var clock = Stopwatch.StartNew();
        var failure = await Record.ExceptionAsync(() => instances.First.TryClaimAsync(TwoInstances.NewKey(), Lease, CancellationToken.None).AsTask());
        var failedAfter = clock.Elapsed;

        Assert.NotNull(failure);
        Assert.IsNotAssignableFrom<OperationCanceledException>(failure);

        // asyncTimeout=1000 in the connection string bounds the wait (plus the client's timeout-check granularity).
        Assert.True(failedAfter < TimeSpan.FromSeconds(5), $"the call failed after {failedAfter}");

        server.Restart();
        var after = TwoInstances.NewKey();
        var reclaimed = await Eventually.Until(
            () => instances.First.TryClaimAsync(after, Lease, CancellationToken.None).AsTask(),
            c => c.Outcome == DeliveryClaimOutcome.Claimed,
            TimeSpan.FromSeconds(20),
            "a claim after Redis came back");
        await instances.First.CompleteAsync(after, reclaimed.Token, Retention, CancellationToken.None);

        Assert.Equal(DeliveryClaimOutcome.AlreadyCompleted, (await instances.Second.TryClaimAsync(after, Lease, CancellationToken.None)).Outcome);
    }

    [Fact]
    public async Task A_ledger_created_while_Redis_is_down_connects_once_it_is_up()
    {
        using var server = new RedisServer();
        server.Stop();
        await using var instances = new TwoInstances(server);

        await Assert.ThrowsAnyAsync<Exception>(() => instances.First.TryClaimAsync(TwoInstances.NewKey(), Lease, CancellationToken.None).AsTask());
        server.Restart();

        var claim = await Eventually.Until(
            () => instances.First.TryClaimAsync(TwoInstances.NewKey(), Lease, CancellationToken.None).AsTask(),
            c => c.Outcome == DeliveryClaimOutcome.Claimed,
            TimeSpan.FromSeconds(20),
            "a claim once Redis is up");
        Assert.Equal(DeliveryClaimOutcome.Claimed, claim.Outcome);
    }
}
