using FirehoseAuth.Deduplication;

namespace FirehoseAuth.Redis.Tests;

public sealed class RedisDeliveryLedgerTests : IClassFixture<RedisServer>
{
    private static readonly TimeSpan Lease = TimeSpan.FromMinutes(5);
    private static readonly TimeSpan Retention = TimeSpan.FromHours(3);
    private static readonly CancellationToken None = CancellationToken.None;

    private readonly RedisServer _server;

    public RedisDeliveryLedgerTests(RedisServer server) => _server = server;

    [Fact]
    public async Task Of_two_instances_claiming_the_same_ids_at_once_exactly_one_wins_each()
    {
        await using var instances = new TwoInstances(_server);
        var keys = Enumerable.Range(0, 200).Select(_ => TwoInstances.NewKey()).ToArray();

        var claims = await Task.WhenAll(keys.Select(async key =>
        {
            var first = instances.First.TryClaimAsync(key, Lease, None).AsTask();
            var second = instances.Second.TryClaimAsync(key, Lease, None).AsTask();
            return (await first, await second);
        }));

        Assert.All(claims, pair =>
        {
            Assert.Equal(1, new[] { pair.Item1, pair.Item2 }.Count(c => c.Outcome == DeliveryClaimOutcome.Claimed));
            var loser = pair.Item1.Outcome == DeliveryClaimOutcome.Claimed ? pair.Item2 : pair.Item1;
            Assert.Equal(DeliveryClaimOutcome.HeldElsewhere, loser.Outcome);
            Assert.InRange(loser.LeaseRemaining, Lease - TimeSpan.FromSeconds(30), Lease);
        });
    }

    [Fact]
    public async Task A_delivery_completed_on_one_instance_is_already_completed_on_the_other()
    {
        await using var instances = new TwoInstances(_server);
        var key = TwoInstances.NewKey();

        var claim = await instances.First.TryClaimAsync(key, Lease, None);
        await instances.First.CompleteAsync(key, claim.Token, Retention, None);
        var retry = await instances.Second.TryClaimAsync(key, Lease, None);

        Assert.Equal(DeliveryClaimOutcome.Claimed, claim.Outcome);
        Assert.Equal(DeliveryClaimOutcome.AlreadyCompleted, retry.Outcome);
    }

    [Fact]
    public async Task A_delivery_released_on_one_instance_is_claimed_by_the_retry_on_the_other()
    {
        await using var instances = new TwoInstances(_server);
        var key = TwoInstances.NewKey();

        var failed = await instances.First.TryClaimAsync(key, Lease, None);
        await instances.First.ReleaseAsync(key, failed.Token, None);
        var retry = await instances.Second.TryClaimAsync(key, Lease, None);
        await instances.Second.CompleteAsync(key, retry.Token, Retention, None);

        Assert.Equal(DeliveryClaimOutcome.Claimed, retry.Outcome);
        Assert.NotEqual(failed.Token, retry.Token);
        Assert.Equal(DeliveryClaimOutcome.AlreadyCompleted, (await instances.First.TryClaimAsync(key, Lease, None)).Outcome);
    }

    [Fact]
    public async Task A_lease_that_ran_out_is_taken_over_and_the_stale_holders_late_release_and_complete_do_nothing()
    {
        await using var instances = new TwoInstances(_server);
        var key = TwoInstances.NewKey();

        // Redis keeps real time: a 200 ms lease, then a bounded wait for the other instance to take it over.
        var stale = await instances.First.TryClaimAsync(key, TimeSpan.FromMilliseconds(200), None);
        var takeover = await Eventually.Until(
            () => instances.Second.TryClaimAsync(key, Lease, None).AsTask(),
            c => c.Outcome == DeliveryClaimOutcome.Claimed,
            TimeSpan.FromSeconds(5),
            "the takeover of an expired lease");
        await instances.First.ReleaseAsync(key, stale.Token, None);
        await instances.First.CompleteAsync(key, stale.Token, Retention, None);
        var whileTakeoverRuns = await instances.First.TryClaimAsync(key, Lease, None);

        Assert.Equal(DeliveryClaimOutcome.Claimed, stale.Outcome);
        Assert.NotEqual(stale.Token, takeover.Token);
        Assert.Equal(DeliveryClaimOutcome.HeldElsewhere, whileTakeoverRuns.Outcome);
        await instances.Second.CompleteAsync(key, takeover.Token, Retention, None);
        Assert.Equal(DeliveryClaimOutcome.AlreadyCompleted, (await instances.First.TryClaimAsync(key, Lease, None)).Outcome);
    }

    [Fact]
    public async Task Release_does_not_undo_a_completion()
    {
        await using var instances = new TwoInstances(_server);
        var key = TwoInstances.NewKey();
        var claim = await instances.First.TryClaimAsync(key, Lease, None);
        await instances.First.CompleteAsync(key, claim.Token, Retention, None);

        await instances.First.ReleaseAsync(key, claim.Token, None);

        Assert.Equal(DeliveryClaimOutcome.AlreadyCompleted, (await instances.Second.TryClaimAsync(key, Lease, None)).Outcome);
    }

    [Fact]
    public async Task The_key_prefix_and_database_are_honoured_and_the_expiry_is_the_lease_then_the_retention()
    {
        await using var instances = new TwoInstances(_server, keyPrefix: "test-prefix:", database: 3);
        var key = new FirehoseDeliveryKey("orders", "arn:aws:firehose:us-east-1:123456789012:deliverystream/s", Guid.NewGuid().ToString());
        var expected = $"test-prefix:6:orders:56:arn:aws:firehose:us-east-1:123456789012:deliverystream/s:{key.RequestId}";
        var database3 = instances.Inspector.GetDatabase(3);

        var claim = await instances.First.TryClaimAsync(key, Lease, None);
        var claimedValue = await database3.StringGetAsync(expected);
        var claimedTtl = await database3.KeyTimeToLiveAsync(expected);
        await instances.First.CompleteAsync(key, claim.Token, Retention, None);
        var completedValue = await database3.StringGetAsync(expected);
        var completedTtl = await database3.KeyTimeToLiveAsync(expected);

        Assert.Equal($"c:{claim.Token}", claimedValue.ToString());
        Assert.InRange(claimedTtl!.Value, Lease - TimeSpan.FromSeconds(30), Lease);
        Assert.Equal($"d:{claim.Token}", completedValue.ToString());
        Assert.InRange(completedTtl!.Value, Retention - TimeSpan.FromSeconds(30), Retention);
        Assert.False(await instances.Inspector.GetDatabase(0).KeyExistsAsync(expected));

        // The same delivery under another prefix, or in another database, is another entry.
        await using var otherPrefix = new TwoInstances(_server, keyPrefix: "other:", database: 3);
        await using var otherDatabase = new TwoInstances(_server, keyPrefix: "test-prefix:", database: 4);
        Assert.Equal(DeliveryClaimOutcome.Claimed, (await otherPrefix.First.TryClaimAsync(key, Lease, None)).Outcome);
        Assert.Equal(DeliveryClaimOutcome.Claimed, (await otherDatabase.First.TryClaimAsync(key, Lease, None)).Outcome);
    }

    [Fact]
    public async Task Names_that_contain_the_separator_do_not_collide()
    {
        await using var instances = new TwoInstances(_server);
        var id = Guid.NewGuid().ToString();

        var a = await instances.First.TryClaimAsync(new FirehoseDeliveryKey("a:1", "2", id), Lease, None);
        var b = await instances.First.TryClaimAsync(new FirehoseDeliveryKey("a", "1:2", id), Lease, None);
        var noArn = await instances.First.TryClaimAsync(new FirehoseDeliveryKey("a", null, "1:2:" + id), Lease, None);

        Assert.Equal(DeliveryClaimOutcome.Claimed, a.Outcome);
        Assert.Equal(DeliveryClaimOutcome.Claimed, b.Outcome);
        Assert.Equal(DeliveryClaimOutcome.Claimed, noArn.Outcome);
    }

    [Fact]
    public async Task A_value_that_FirehoseAuth_did_not_write_is_an_error_not_a_claim()
    {
        await using var instances = new TwoInstances(_server);
        var key = TwoInstances.NewKey();
        await instances.Inspector.GetDatabase().StringSetAsync(instances.First.ToRedisKey(key), "someone else's");

        await Assert.ThrowsAsync<InvalidOperationException>(() => instances.First.TryClaimAsync(key, Lease, None).AsTask());
    }

    [Fact]
    public async Task A_claim_abandoned_by_its_caller_is_released_when_it_lands()
    {
        await using var instances = new TwoInstances(_server);
        var key = TwoInstances.NewKey();

        // Freeze the server for 500 ms: the first instance's claim waits in its socket while its caller gives up.
        _server.Pause(TimeSpan.FromMilliseconds(500));
        using var giveUp = new CancellationTokenSource(TimeSpan.FromMilliseconds(100));
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => instances.First.TryClaimAsync(key, Lease, giveUp.Token).AsTask());

        // Without the background release, the lease (5 minutes) would hold the retry off.
        var retry = await Eventually.Until(
            () => instances.Second.TryClaimAsync(key, Lease, None).AsTask(),
            c => c.Outcome == DeliveryClaimOutcome.Claimed,
            TimeSpan.FromSeconds(5),
            "the retry's claim after the abandoned claim");
        Assert.Equal(DeliveryClaimOutcome.Claimed, retry.Outcome);
    }
}
