using System.Globalization;
using FirehoseAuth.Deduplication;
using Microsoft.Extensions.Time.Testing;

namespace FirehoseAuth.Tests.Deduplication;

public sealed class MemoryDeliveryLedgerCapacityTests
{
    private static readonly TimeSpan Lease = TimeSpan.FromMinutes(5);
    private static readonly TimeSpan Retention = TimeSpan.FromHours(3);

    private readonly FakeTimeProvider _time = new(new DateTimeOffset(2030, 1, 1, 0, 0, 0, TimeSpan.Zero));

    [Fact]
    public async Task A_flood_of_distinct_request_ids_never_grows_it_past_its_capacity()
    {
        const int Capacity = 1000;
        var ledger = new MemoryDeliveryLedger(Capacity, _time);

        for (var i = 0; i < 50 * Capacity; i++)
        {
            var key = Key(i);
            var claim = await ledger.TryClaimAsync(key, Lease, CancellationToken.None);
            Assert.Equal(DeliveryClaimOutcome.Claimed, claim.Outcome);
            if (i % 3 != 0)
            {
                await ledger.CompleteAsync(key, claim.Token, Retention, CancellationToken.None);
            }

            Assert.True(ledger.Count <= Capacity);
        }

        Assert.Equal(Capacity, ledger.Count);

        // The newest deliveries are still remembered.
        Assert.Equal(DeliveryClaimOutcome.AlreadyCompleted, (await ledger.TryClaimAsync(Key((50 * Capacity) - 1), Lease, CancellationToken.None)).Outcome);
    }

    [Fact]
    public async Task When_full_it_forgets_the_oldest_completion_before_a_live_claim()
    {
        var ledger = new MemoryDeliveryLedger(3, _time);
        var live = await ledger.TryClaimAsync(Key(0), Lease, CancellationToken.None);
        await Complete(ledger, Key(1));
        await Complete(ledger, Key(2));

        await ledger.TryClaimAsync(Key(3), Lease, CancellationToken.None);

        Assert.Equal(DeliveryClaimOutcome.HeldElsewhere, (await ledger.TryClaimAsync(Key(0), Lease, CancellationToken.None)).Outcome);
        Assert.Equal(DeliveryClaimOutcome.Claimed, (await ledger.TryClaimAsync(Key(1), Lease, CancellationToken.None)).Outcome);
        await ledger.CompleteAsync(Key(0), live.Token, Retention, CancellationToken.None);
        Assert.Equal(DeliveryClaimOutcome.AlreadyCompleted, (await ledger.TryClaimAsync(Key(0), Lease, CancellationToken.None)).Outcome);
    }

    [Fact]
    public async Task When_full_it_forgets_an_expired_claim_before_a_completion()
    {
        var ledger = new MemoryDeliveryLedger(2, _time);
        await ledger.TryClaimAsync(Key(0), TimeSpan.FromSeconds(1), CancellationToken.None);
        await Complete(ledger, Key(1));
        _time.Advance(TimeSpan.FromSeconds(2));

        await ledger.TryClaimAsync(Key(2), Lease, CancellationToken.None);

        Assert.Equal(DeliveryClaimOutcome.AlreadyCompleted, (await ledger.TryClaimAsync(Key(1), Lease, CancellationToken.None)).Outcome);
    }

    [Fact]
    public async Task When_every_entry_is_a_live_claim_the_oldest_claim_goes_and_its_late_complete_does_nothing()
    {
        var ledger = new MemoryDeliveryLedger(2, _time);
        var oldest = await ledger.TryClaimAsync(Key(0), Lease, CancellationToken.None);
        await ledger.TryClaimAsync(Key(1), Lease, CancellationToken.None);

        await ledger.TryClaimAsync(Key(2), Lease, CancellationToken.None);
        await ledger.CompleteAsync(Key(0), oldest.Token, Retention, CancellationToken.None);

        Assert.Equal(2, ledger.Count);
        Assert.Equal(DeliveryClaimOutcome.HeldElsewhere, (await ledger.TryClaimAsync(Key(1), Lease, CancellationToken.None)).Outcome);
        Assert.Equal(DeliveryClaimOutcome.HeldElsewhere, (await ledger.TryClaimAsync(Key(2), Lease, CancellationToken.None)).Outcome);
    }

    [Fact]
    public async Task Expired_entries_are_dropped_as_claims_arrive_so_an_idle_ledger_shrinks()
    {
        var ledger = new MemoryDeliveryLedger(100, _time);
        for (var i = 0; i < 50; i++)
        {
            await Complete(ledger, Key(i));
        }

        _time.Advance(Retention);
        for (var i = 0; i < 30; i++)
        {
            await ledger.TryClaimAsync(Key(1000 + i), Lease, CancellationToken.None);
        }

        Assert.Equal(30, ledger.Count);
    }

    private static FirehoseDeliveryKey Key(int i)
        => new("default", "arn:aws:firehose:us-east-1:123456789012:deliverystream/s", i.ToString(CultureInfo.InvariantCulture));

    private static async Task Complete(MemoryDeliveryLedger ledger, FirehoseDeliveryKey key)
    {
        var claim = await ledger.TryClaimAsync(key, Lease, CancellationToken.None);
        Assert.Equal(DeliveryClaimOutcome.Claimed, claim.Outcome);
        await ledger.CompleteAsync(key, claim.Token, Retention, CancellationToken.None);
    }
}
