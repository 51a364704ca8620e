using FirehoseAuth.Deduplication;
using Microsoft.Extensions.Time.Testing;

namespace FirehoseAuth.Tests.Deduplication;

public sealed class MemoryDeliveryLedgerTests
{
    private static readonly TimeSpan Lease = TimeSpan.FromMinutes(5);
    private static readonly TimeSpan Retention = TimeSpan.FromHours(3);
    private static readonly FirehoseDeliveryKey Key = new("default", "arn:aws:firehose:us-east-1:123456789012:deliverystream/s", "0f1e2d3c-4b5a-6978-8796-a5b4c3d2e1f0");

    private readonly FakeTimeProvider _time = new(new DateTimeOffset(2030, 1, 1, 0, 0, 0, TimeSpan.Zero));

    [Fact]
    public async Task The_first_claim_wins_and_a_second_sees_it_held_with_the_lease_left()
    {
        var ledger = new MemoryDeliveryLedger(16, _time);

        var first = await ledger.TryClaimAsync(Key, Lease, CancellationToken.None);
        _time.Advance(TimeSpan.FromMinutes(2));
        var second = await ledger.TryClaimAsync(Key, Lease, CancellationToken.None);

        Assert.Equal(DeliveryClaimOutcome.Claimed, first.Outcome);
        Assert.NotEqual(0, first.Token);
        Assert.Equal(DeliveryClaimOutcome.HeldElsewhere, second.Outcome);
        Assert.Equal(TimeSpan.FromMinutes(3), second.LeaseRemaining);
    }

    [Fact]
    public async Task A_completed_delivery_is_already_completed_until_the_retention_runs_out()
    {
        var ledger = new MemoryDeliveryLedger(16, _time);
        var claim = await ledger.TryClaimAsync(Key, Lease, CancellationToken.None);
        await ledger.CompleteAsync(Key, claim.Token, Retention, CancellationToken.None);

        _time.Advance(Retention - TimeSpan.FromTicks(1));
        var retry = await ledger.TryClaimAsync(Key, Lease, CancellationToken.None);
        _time.Advance(TimeSpan.FromTicks(1));
        var afterRetention = await ledger.TryClaimAsync(Key, Lease, CancellationToken.None);

        Assert.Equal(DeliveryClaimOutcome.AlreadyCompleted, retry.Outcome);
        Assert.Equal(DeliveryClaimOutcome.Claimed, afterRetention.Outcome);
        Assert.NotEqual(claim.Token, afterRetention.Token);
    }

    [Fact]
    public async Task A_claim_whose_lease_ran_out_is_taken_over_and_its_late_complete_does_nothing()
    {
        var ledger = new MemoryDeliveryLedger(16, _time);
        var stale = await ledger.TryClaimAsync(Key, Lease, CancellationToken.None);

        _time.Advance(Lease);
        var takeover = await ledger.TryClaimAsync(Key, Lease, CancellationToken.None);
        await ledger.CompleteAsync(Key, stale.Token, Retention, CancellationToken.None);
        var whileTakeoverRuns = await ledger.TryClaimAsync(Key, Lease, CancellationToken.None);

        Assert.Equal(DeliveryClaimOutcome.Claimed, takeover.Outcome);
        Assert.NotEqual(stale.Token, takeover.Token);
        Assert.Equal(DeliveryClaimOutcome.HeldElsewhere, whileTakeoverRuns.Outcome);
    }

    [Fact]
    public async Task A_complete_after_the_lease_ran_out_does_nothing_even_when_nobody_took_over()
    {
        var ledger = new MemoryDeliveryLedger(16, _time);
        var claim = await ledger.TryClaimAsync(Key, Lease, CancellationToken.None);

        _time.Advance(Lease);
        await ledger.CompleteAsync(Key, claim.Token, Retention, CancellationToken.None);

        Assert.Equal(DeliveryClaimOutcome.Claimed, (await ledger.TryClaimAsync(Key, Lease, CancellationToken.None)).Outcome);
    }

    [Fact]
    public async Task A_released_claim_can_be_claimed_again()
    {
        var ledger = new MemoryDeliveryLedger(16, _time);
        var claim = await ledger.TryClaimAsync(Key, Lease, CancellationToken.None);

        await ledger.ReleaseAsync(Key, claim.Token, CancellationToken.None);
        var retry = await ledger.TryClaimAsync(Key, Lease, CancellationToken.None);

        Assert.Equal(DeliveryClaimOutcome.Claimed, retry.Outcome);
        Assert.Equal(1, ledger.Count);
    }

    [Fact]
    public async Task A_late_release_with_a_stale_token_leaves_the_new_holders_claim()
    {
        var ledger = new MemoryDeliveryLedger(16, _time);
        var stale = await ledger.TryClaimAsync(Key, Lease, CancellationToken.None);
        _time.Advance(Lease + TimeSpan.FromSeconds(1));
        var holder = await ledger.TryClaimAsync(Key, Lease, CancellationToken.None);

        await ledger.ReleaseAsync(Key, stale.Token, CancellationToken.None);
        var retry = await ledger.TryClaimAsync(Key, Lease, CancellationToken.None);

        Assert.Equal(DeliveryClaimOutcome.HeldElsewhere, retry.Outcome);
        await ledger.CompleteAsync(Key, holder.Token, Retention, CancellationToken.None);
        Assert.Equal(DeliveryClaimOutcome.AlreadyCompleted, (await ledger.TryClaimAsync(Key, Lease, CancellationToken.None)).Outcome);
    }

    [Fact]
    public async Task Release_does_not_undo_a_completion()
    {
        var ledger = new MemoryDeliveryLedger(16, _time);
        var claim = await ledger.TryClaimAsync(Key, Lease, CancellationToken.None);
        await ledger.CompleteAsync(Key, claim.Token, Retention, CancellationToken.None);

        await ledger.ReleaseAsync(Key, claim.Token, CancellationToken.None);

        Assert.Equal(DeliveryClaimOutcome.AlreadyCompleted, (await ledger.TryClaimAsync(Key, Lease, CancellationToken.None)).Outcome);
    }

    [Fact]
    public async Task Stream_source_arn_and_request_id_each_tell_deliveries_apart()
    {
        var ledger = new MemoryDeliveryLedger(16, _time);
        await ledger.TryClaimAsync(Key, Lease, CancellationToken.None);

        FirehoseDeliveryKey[] others = [Key with { StreamName = "other" }, Key with { SourceArn = null }, Key with { SourceArn = "arn:aws:firehose:us-east-1:123456789012:deliverystream/t" }, Key with { RequestId = "another" }];
        foreach (var other in others)
        {
            Assert.Equal(DeliveryClaimOutcome.Claimed, (await ledger.TryClaimAsync(other, Lease, CancellationToken.None)).Outcome);
        }
    }

    [Fact]
    public async Task Calls_complete_synchronously()
    {
        var ledger = new MemoryDeliveryLedger(16, _time);

        var claim = ledger.TryClaimAsync(Key, Lease, CancellationToken.None);
        Assert.True(claim.IsCompletedSuccessfully);
        var token = (await claim).Token;
        var complete = ledger.CompleteAsync(Key, token, Retention, CancellationToken.None);
        Assert.True(complete.IsCompletedSuccessfully);
        var release = ledger.ReleaseAsync(Key, token, CancellationToken.None);
        Assert.True(release.IsCompletedSuccessfully);
        await complete;
        await release;
    }

    [Fact]
    public async Task A_cancelled_token_cancels_without_claiming()
    {
        var ledger = new MemoryDeliveryLedger(16, _time);

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => ledger.TryClaimAsync(Key, Lease, new CancellationToken(true)).AsTask());

        Assert.Equal(0, ledger.Count);
    }

    [Fact]
    public async Task A_lease_or_retention_that_is_not_positive_is_a_programmer_error()
    {
        var ledger = new MemoryDeliveryLedger(16, _time);

        await Assert.ThrowsAsync<ArgumentOutOfRangeException>(() => ledger.TryClaimAsync(Key, TimeSpan.Zero, CancellationToken.None).AsTask());
        await Assert.ThrowsAsync<ArgumentOutOfRangeException>(() => ledger.CompleteAsync(Key, 1, TimeSpan.FromSeconds(-1), CancellationToken.None).AsTask());
        Assert.Throws<ArgumentOutOfRangeException>(() => new MemoryDeliveryLedger(0, _time));
    }
}
