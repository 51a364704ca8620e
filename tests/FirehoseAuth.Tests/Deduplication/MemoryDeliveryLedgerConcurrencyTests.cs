using System.Globalization;
using FirehoseAuth.Deduplication;

namespace FirehoseAuth.Tests.Deduplication;

public sealed class MemoryDeliveryLedgerConcurrencyTests
{
    private static readonly TimeSpan Lease = TimeSpan.FromMinutes(5);

    [Fact]
    public async Task Of_many_threads_claiming_each_request_id_exactly_one_wins_each_round()
    {
        const int Threads = 8;
        const int Rounds = 2000;
        var ledger = new MemoryDeliveryLedger(Rounds, TimeProvider.System);
        var wins = new int[Rounds];

        await RunOnThreads(Threads, _ =>
        {
            for (var round = 0; round < Rounds; round++)
            {
                var key = new FirehoseDeliveryKey("default", null, round.ToString(CultureInfo.InvariantCulture));
                if (ledger.TryClaimAsync(key, Lease, CancellationToken.None).Result.Outcome == DeliveryClaimOutcome.Claimed)
                {
                    Interlocked.Increment(ref wins[round]);
                }
            }
        });

        Assert.All(wins, w => Assert.Equal(1, w));
    }

    [Fact]
    public async Task A_concurrent_flood_that_evicts_keeps_the_bound_and_the_ledger_consistent()
    {
        const int Capacity = 64;
        var ledger = new MemoryDeliveryLedger(Capacity, TimeProvider.System);

        await RunOnThreads(4, thread =>
        {
            for (var i = 0; i < 20_000; i++)
            {
                var key = new FirehoseDeliveryKey("default", null, $"{thread}-{i}");
                var claim = ledger.TryClaimAsync(key, Lease, CancellationToken.None).Result;
                if (i % 2 == 0)
                {
                    ledger.CompleteAsync(key, claim.Token, Lease, CancellationToken.None).GetAwaiter().GetResult();
                }
                else if (i % 3 == 0)
                {
                    ledger.ReleaseAsync(key, claim.Token, CancellationToken.None).GetAwaiter().GetResult();
                }
            }
        });

        Assert.True(ledger.Count <= Capacity);
        var fresh = new FirehoseDeliveryKey("default", null, "fresh");
        var claimed = await ledger.TryClaimAsync(fresh, Lease, CancellationToken.None);
        await ledger.CompleteAsync(fresh, claimed.Token, Lease, CancellationToken.None);
        Assert.Equal(DeliveryClaimOutcome.AlreadyCompleted, (await ledger.TryClaimAsync(fresh, Lease, CancellationToken.None)).Outcome);
    }

    [Fact]
    public async Task Of_many_threads_claiming_one_request_id_at_once_exactly_one_is_claimed()
    {
        const int Threads = 16;
        var ledger = new MemoryDeliveryLedger(1000, TimeProvider.System);
        var key = new FirehoseDeliveryKey("default", null, "one-id");
        var outcomes = new DeliveryClaimOutcome[Threads];

        await RunOnThreads(Threads, thread => outcomes[thread] = ledger.TryClaimAsync(key, Lease, CancellationToken.None).Result.Outcome);

        Assert.Equal(1, outcomes.Count(o => o == DeliveryClaimOutcome.Claimed));
        Assert.Equal(Threads - 1, outcomes.Count(o => o == DeliveryClaimOutcome.HeldElsewhere));
    }

    // Dedicated threads (LongRunning) released together, so that they really race.
    private static async Task RunOnThreads(int threads, Action<int> body)
    {
        using var start = new Barrier(threads);
        await Task.WhenAll(Enumerable.Range(0, threads).Select(thread => Task.Factory.StartNew(
            () =>
            {
                start.SignalAndWait();
                body(thread);
            },
            CancellationToken.None,
            TaskCreationOptions.LongRunning,
            TaskScheduler.Default)));
    }
}
