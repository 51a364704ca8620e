using System.Diagnostics;
using FirehoseAuth.AspNetCore.Tests.Infrastructure;
using FirehoseAuth.Tests.Secrets.Fakes;
using Xunit.Abstractions;

namespace FirehoseAuth.AspNetCore.Tests.Faults;

/// <summary>
/// Secrets Manager faults driven through the real endpoint. Every scenario asserts: no legitimate delivery refused
/// after the first key load (503 before it is counted: Firehose retries it), never 200 for a wrong or missing key,
/// <c>GetSecretValue</c> calls within the documented bound, and no secret in any log, metric, exception or response.
/// </summary>
public sealed class SecretsManagerFaultTests(ITestOutputHelper output)
{
    [Fact]
    public async Task Cold_start_outage_answers_503_never_200_and_serves_as_soon_as_Secrets_Manager_answers()
    {
        await using var h = await FaultHarness.CreateAsync();
        var key = h.NewKey();
        var wrong = h.NewKey();
        h.Rotate(key);
        h.Fake.InjectFault(FakeFault.ServiceUnavailable);
        await h.StartReceiverAsync();
        var outageStart = h.Time.GetUtcNow();

        // 10 simulated minutes of outage, Firehose retrying all along.
        var steps = await h.RunUntilAsync(outageStart + TimeSpan.FromMinutes(10), async () =>
        {
            Assert.Equal(503, await h.DeliverAsync(key, legitimate: true, "legit during cold outage"));
            Assert.Equal(503, await h.DeliverAsync(wrong, legitimate: false, "wrong during cold outage"));
            Assert.Equal(503, await h.DeliverAsync(null, legitimate: false, "missing during cold outage"));
        });
        Assert.False(h.Loaded);
        var outageCalls = h.Fake.GetSecretValueCalls();
        var bound = CallBound.CallsOfFailingRefreshes(CallBound.FailingRefreshes(TimeSpan.FromMinutes(10), h.Options), h.Options);
        Assert.InRange(outageCalls, 1, bound);

        h.Fake.ClearFaults();
        await h.RunUntilAsync(h.Time.GetUtcNow() + h.Options.RefreshInterval, () => Task.CompletedTask);
        Assert.True(h.Loaded);
        Assert.Equal(200, await h.DeliverAsync(key, legitimate: true, "legit after load"));
        Assert.Equal(401, await h.DeliverAsync(wrong, legitimate: false, "wrong after load"));
        Assert.Equal(401, await h.DeliverAsync(null, legitimate: false, "missing after load"));

        h.Ledger.AssertInvariants(expectedLegitimate: steps + 1, expectedUnauthenticated: (2 * steps) + 2);
        Assert.Equal(steps, h.Ledger.RefusedBeforeFirstLoad);
        h.AssertNoSecretLeaked();
        output.WriteLine($"cold start: {steps} steps, {h.Ledger.RefusedBeforeFirstLoad} legitimate deliveries answered 503 before the first load; {outageCalls} calls in 10 min of outage (bound {bound}); ledger {h.Ledger}");
    }

    [Fact]
    public async Task Mid_run_outage_of_24_hours_keeps_serving_the_last_good_keys_with_bounded_calls()
    {
        await using var h = await FaultHarness.CreateAsync();
        var key = h.NewKey();
        var wrong = h.NewKey();
        h.Rotate(key);
        await h.StartReceiverAsync();
        await h.WaitForFirstLoadAsync();
        Assert.Equal(200, await h.DeliverAsync(key, legitimate: true, "legit before outage"));

        h.Fake.InjectFault(FakeFault.InternalServiceError);
        var callsBefore = h.Fake.GetSecretValueCalls();
        var outageStart = h.Time.GetUtcNow();
        var legit = 1;
        var unauth = 0;
        var steps = await h.RunUntilAsync(outageStart + TimeSpan.FromHours(24), async () =>
        {
            if (h.Time.GetUtcNow().Ticks % 3 == 0 || legit % 4 == 0)
            {
                Assert.Equal(200, await h.DeliverAsync(key, legitimate: true, "legit during outage"));
                legit++;
            }

            if (legit % 25 == 0)
            {
                Assert.Equal(401, await h.DeliverAsync(wrong, legitimate: false, "wrong during outage"));
                unauth++;
            }
        });
        Assert.Equal(200, await h.DeliverAsync(key, legitimate: true, "legit at the end of the outage"));
        legit++;

        var outageCalls = h.Fake.GetSecretValueCalls() - callsBefore;
        var bound = CallBound.CallsOfFailingRefreshes(CallBound.FailingRefreshes(TimeSpan.FromHours(24), h.Options), h.Options);
        Assert.InRange(outageCalls, 100, bound);
        Assert.True(h.Provider.GetStatus().ConsecutiveFailures > 100);

        h.Fake.ClearFaults();
        await h.RunUntilAsync(h.Time.GetUtcNow() + h.Options.RefreshInterval);
        Assert.Equal(0, h.Provider.GetStatus().ConsecutiveFailures);
        Assert.Equal(200, await h.DeliverAsync(key, legitimate: true, "legit after outage"));
        legit++;

        h.Ledger.AssertInvariants(legit, unauth);
        h.AssertNoSecretLeaked();
        output.WriteLine($"24 h outage: {steps} timer steps, {legit} legitimate and {unauth} wrong deliveries, {outageCalls} calls (bound {bound}); ledger {h.Ledger}");
    }

    [Fact]
    public async Task Throttling_storm_with_a_flood_of_unknown_keys_keeps_serving_and_backs_off()
    {
        await using var h = await FaultHarness.CreateAsync();
        var key = h.NewKey();
        h.Rotate(key);
        await h.StartReceiverAsync();
        await h.WaitForFirstLoadAsync();

        h.Fake.InjectFault(FakeFault.Throttling);
        var callsBefore = h.Fake.GetSecretValueCalls();
        var stormStart = h.Time.GetUtcNow();
        var legit = 0;
        var unauth = 0;

        // One simulated hour; every timer step brings a legitimate delivery and unknown keys, each asking for an early refresh.
        var steps = await h.RunUntilAsync(stormStart + TimeSpan.FromHours(1), async () =>
        {
            Assert.Equal(200, await h.DeliverAsync(key, legitimate: true, "legit during throttling"));
            legit++;
            for (var i = 0; i < 3; i++)
            {
                Assert.Equal(401, await h.DeliverAsync(h.NewKey(), legitimate: false, "unknown key during throttling"));
                unauth++;
            }
        });

        var stormCalls = h.Fake.GetSecretValueCalls() - callsBefore;
        var bound = CallBound.CallsOfFailingRefreshes(CallBound.FailingRefreshes(TimeSpan.FromHours(1), h.Options), h.Options);
        Assert.InRange(stormCalls, 2, bound);
        Assert.All(h.Fake.Calls.Skip(callsBefore), c => Assert.Equal("ThrottlingException", c.ErrorType));

        h.Fake.ClearFaults();
        await h.RunUntilAsync(h.Time.GetUtcNow() + h.Options.RefreshInterval);
        Assert.Equal(0, h.Provider.GetStatus().ConsecutiveFailures);
        Assert.Equal(200, await h.DeliverAsync(key, legitimate: true, "legit after throttling"));
        legit++;

        h.Ledger.AssertInvariants(legit, unauth);
        h.AssertNoSecretLeaked();
        output.WriteLine($"throttling: {steps} steps, {unauth} unknown keys, {stormCalls} calls in 1 h (bound {bound}); ledger {h.Ledger}");
    }

    [Fact]
    public async Task Deliveries_are_answered_while_Secrets_Manager_calls_hang_for_30_simulated_seconds()
    {
        await using var h = await FaultHarness.CreateAsync();
        var key = h.NewKey();
        var next = h.NewKey();
        h.Rotate(key);
        h.Fake.HoldRequests();

        // Cold start behind a hanging call: answered 503 at once, not after the call.
        await h.StartReceiverAsync(o => o.AttemptTimeout = TimeSpan.FromMinutes(1));
        var held = 0;
        var answeredWhileHeld = 0;
        async Task HangOneCallAsync(string legitimateKey)
        {
            await Eventually.TrueAsync(() => h.Fake.InFlight > 0, "a held Secrets Manager call");
            for (var second = 0; second <= 30; second += 10)
            {
                var watch = Stopwatch.StartNew();
                var legitimate = h.Loaded;
                var expected = legitimate ? 200 : 503;
                Assert.Equal(expected, await h.DeliverAsync(legitimateKey, legitimate: true, "legit while a call hangs"));
                Assert.Equal(legitimate ? 401 : 503, await h.DeliverAsync(h.NewKey(), legitimate: false, "unknown key while a call hangs"));
                Assert.Equal(legitimate ? 401 : 503, await h.DeliverAsync(null, legitimate: false, "missing key while a call hangs"));
                Assert.True(h.Fake.InFlight > 0, "the Secrets Manager call was still hanging when the deliveries were answered");
                Assert.True(watch.Elapsed < TimeSpan.FromSeconds(5), $"deliveries took {watch.Elapsed} while Secrets Manager hung");
                answeredWhileHeld += 3;
                if (second < 30)
                {
                    await h.Time.AdvanceInlineAsync(TimeSpan.FromSeconds(10));
                }
            }

            held++;
            h.Fake.ReleaseRequests();
            await Eventually.TrueAsync(() => h.Fake.InFlight == 0, "the held call answered");
            h.Fake.HoldRequests();
        }

        await HangOneCallAsync(key); // AWSCURRENT of the first load
        await Eventually.TrueAsync(() => h.Fake.InFlight > 0 || h.Loaded, "the next call or the first load");
        if (!h.Loaded)
        {
            await HangOneCallAsync(key); // AWSPREVIOUS
        }

        await h.WaitForFirstLoadAsync();

        // A rotation is picked up by a refresh whose calls hang 30 s each; the old key keeps working meanwhile.
        h.Rotate(next);
        await h.AdvanceAsync(h.Options.RefreshInterval * 1.1);
        await HangOneCallAsync(key);
        await Eventually.TrueAsync(() => h.Fake.InFlight > 0 || !h.Provider.IsRefreshing, "the next call or the end of the refresh");
        if (h.Fake.InFlight > 0)
        {
            await HangOneCallAsync(key);
        }

        h.Fake.ReleaseRequests();
        await Eventually.TrueAsync(() => !h.Provider.IsRefreshing, "the refresh completed");
        Assert.Equal(200, await h.DeliverAsync(next, legitimate: true, "new key after the slow refresh"));
        Assert.Equal(200, await h.DeliverAsync(key, legitimate: true, "previous key after the slow refresh"));

        // The fake has one gate: a follow-up AWSPREVIOUS call may slip through between release and re-hold.
        Assert.True(held >= 2, $"{held} calls were held");
        var calls = h.Fake.GetSecretValueCalls();
        Assert.InRange(calls, held, CallBound.CallsOf(2 + CallBound.EarlyRefreshes(TimeSpan.FromMinutes(10), h.Options), h.Options));
        h.AssertNoSecretLeaked();
        output.WriteLine($"latency: {held} calls held 30 simulated s each, {answeredWhileHeld} deliveries answered while a call hung, {calls} calls; ledger {h.Ledger}");
    }

    [Fact]
    public async Task Malformed_secret_json_never_opens_the_endpoint_and_keeps_the_last_good_keys()
    {
        await using var h = await FaultHarness.CreateAsync();
        var hidden = h.NewKey();
        h.Fake.PutSecretValue(FaultHarness.SecretId, $"{{\"api_key\":\"{hidden}\""); // truncated JSON around a key
        await h.StartReceiverAsync();
        var unauth = 0;
        var legit = 0;
        await h.RunUntilAsync(h.Time.GetUtcNow() + TimeSpan.FromMinutes(5), async () =>
        {
            Assert.Equal(503, await h.DeliverAsync(hidden, legitimate: false, "key inside malformed JSON, cold"));
            unauth++;
        });
        Assert.False(h.Loaded);
        var coldCalls = h.Fake.GetSecretValueCalls();
        var coldBound = CallBound.CallsOfFailingRefreshes(CallBound.FailingRefreshes(TimeSpan.FromMinutes(5), h.Options), h.Options);
        Assert.InRange(coldCalls, 1, coldBound);

        var key = h.NewKey();
        h.Rotate(key);
        await h.RunUntilAsync(h.Time.GetUtcNow() + h.Options.RefreshInterval);
        Assert.True(h.Loaded);
        Assert.Equal(200, await h.DeliverAsync(key, legitimate: true, "legit after the fix"));
        legit++;

        // Rotated to malformed values of several shapes: the receiver keeps serving the last good key set.
        string[] malformed = [$"{{\"api_key\":{{\"nested\":\"{h.NewKey()}\"}}}}", $"{{\"apikey\":\"{h.NewKey()}\"}}", $"{{\"api_key\":\"{h.NewKey()}\",,}}", "{\"api_key\":\"\"}", $"{{\"api_key\":\"{h.NewKey(5000)}\"}}", "[]", "null"];
        foreach (var value in malformed)
        {
            h.Fake.PutSecretValue(FaultHarness.SecretId, value);
            await h.RunUntilAsync(h.Time.GetUtcNow() + TimeSpan.FromMinutes(6), async () =>
            {
                Assert.Equal(200, await h.DeliverAsync(key, legitimate: true, "last good key while the secret is malformed"));
                legit++;
                Assert.Equal(401, await h.DeliverAsync(value, legitimate: false, "the malformed secret string as a key"));
                unauth++;
            });
            Assert.True(h.Provider.GetStatus().ConsecutiveFailures > 0);
            Assert.StartsWith("MalformedSecret", h.Provider.GetStatus().LastError, StringComparison.Ordinal);
        }

        h.Ledger.AssertInvariants(legit, unauth);
        h.AssertNoSecretLeaked();
        output.WriteLine($"malformed: {coldCalls} calls in 5 cold minutes (bound {coldBound}), {h.Fake.GetSecretValueCalls()} calls in all; ledger {h.Ledger}");
    }

    [Fact]
    public async Task Random_key_flood_is_never_accepted_and_early_refreshes_stay_rate_limited()
    {
        await using var h = await FaultHarness.CreateAsync();
        var key = h.NewKey();
        h.Rotate(key);
        await h.StartReceiverAsync();
        await h.WaitForFirstLoadAsync();
        var callsBefore = h.Fake.GetSecretValueCalls();
        var span = TimeSpan.FromMinutes(20);
        var legit = 0;
        var unauth = 0;
        for (var elapsed = TimeSpan.Zero; elapsed < span; elapsed += TimeSpan.FromSeconds(10))
        {
            await h.AdvanceAsync(TimeSpan.FromSeconds(10));
            var flood = Enumerable.Range(0, 20).Select(i => h.DeliverAsync(
                (i % 10) switch { 0 => null, 1 => h.NewKey(4097, remember: elapsed.Ticks % 7 == 0), 2 => key.ToUpperInvariant(), 3 => key[..^1], 4 => key + "x", _ => h.NewKey(remember: i == 5) },
                legitimate: false,
                "random key"));
            var statuses = await Task.WhenAll(flood.Append(h.DeliverAsync(key, legitimate: true, "legit among the flood")));
            legit++;
            unauth += statuses.Length - 1;
        }

        var floodCalls = h.Fake.GetSecretValueCalls() - callsBefore;
        var bound = CallBound.CallsOf(CallBound.HealthyRefreshes(span, h.Options) + CallBound.EarlyRefreshes(span, h.Options), h.Options);
        Assert.InRange(floodCalls, 2, bound);
        h.Ledger.AssertInvariants(legit, unauth);
        h.AssertNoSecretLeaked();
        output.WriteLine($"flood: {unauth} random keys over 20 simulated min, {floodCalls} calls (bound {bound}); ledger {h.Ledger}");
    }

    [Theory]
    [InlineData(1)]
    [InlineData(2)]
    [InlineData(3)]
    public async Task Rotation_while_deliveries_flow_and_Firehose_flaps_between_keys_loses_no_delivery(int seed)
    {
        var random = new Random(seed);
        await using var h = await FaultHarness.CreateAsync();
        var oldKey = h.NewKey();
        var newKey = h.NewKey();
        h.Rotate(oldKey);
        await h.StartReceiverAsync();
        await h.WaitForFirstLoadAsync();
        await h.AdvanceAsync(TimeSpan.FromMinutes(1));

        var rotatedAt = h.Time.GetUtcNow();
        var newVersion = h.Rotate(newKey).VersionId;
        var callsBefore = h.Fake.GetSecretValueCalls();

        // Firehose re-reads the secret at a random point within 10 minutes; around it (±30 s) its attempts, retries
        // included, carry either key. 100 deliveries per simulated second flow while keys flap, 1 per second otherwise.
        var switchAt = rotatedAt + (random.NextDouble() * TimeSpan.FromMinutes(10));
        var end = rotatedAt + TimeSpan.FromMinutes(16);
        var pending = new List<(string RequestId, DateTimeOffset FirstSent)>();
        var legitimate = 0;
        var aheadOfReceiver = 0;
        var retries = 0;
        var longestRetry = TimeSpan.Zero;
        var sent = 0;
        while (h.Time.GetUtcNow() < end)
        {
            var now = h.Time.GetUtcNow();
            var flapping = (now - switchAt).Duration() <= TimeSpan.FromSeconds(30);
            var perSecond = (now - switchAt).Duration() <= TimeSpan.FromSeconds(40) ? 100 : 1;
            var batch = pending.Concat(Enumerable.Range(0, perSecond).Select(_ => (RequestId: Deliveries.NewRequestId(), FirstSent: now))).ToList();
            retries += pending.Count;
            sent += batch.Count;
            pending.Clear();
            var receiverKnowsNewKey = h.Provider.Current?.Version == newVersion;
            var attempts = batch.Select(item =>
            {
                var key = flapping ? (random.Next(2) == 0 ? oldKey : newKey) : now < switchAt ? oldKey : newKey;
                var mustAccept = key == oldKey || receiverKnowsNewKey;
                return (Item: item, Key: key, MustAccept: mustAccept, Answer: mustAccept
                    ? h.DeliverAsync(key, legitimate: true, "rotation", item.RequestId, capture: legitimate % 100 == 0)
                    : SendAheadAsync(h, key, item.RequestId));
            }).ToList();
            var answers = await Task.WhenAll(attempts.Select(a => a.Answer));
            foreach (var (attempt, answer) in attempts.Zip(answers))
            {
                legitimate += attempt.MustAccept ? 1 : 0;
                if (answer != 200)
                {
                    Assert.False(attempt.MustAccept);
                    Assert.Equal(401, answer);
                    aheadOfReceiver++;
                    pending.Add(attempt.Item); // Firehose retries with the same request id, possibly with the other key.
                }
                else
                {
                    longestRetry = TimeSpan.FromTicks(Math.Max(longestRetry.Ticks, (now - attempt.Item.FirstSent).Ticks));
                }
            }

            await h.AdvanceAsync(TimeSpan.FromSeconds(1));
        }

        Assert.Empty(pending);
        Assert.True(longestRetry < TimeSpan.FromSeconds(300), $"a delivery needed {longestRetry} of retries (Firehose's default retry duration is 300 s)");
        Assert.Equal(newVersion, h.Provider.Current?.Version);
        Assert.Equal(401, await h.DeliverAsync(oldKey, legitimate: false, "old key after the rotation window"));

        var calls = h.Fake.GetSecretValueCalls() - callsBefore;
        var span = end - rotatedAt;
        var bound = CallBound.CallsOf(CallBound.HealthyRefreshes(span, h.Options) + CallBound.EarlyRefreshes(span, h.Options), h.Options);
        Assert.InRange(calls, 2, bound);
        h.Ledger.AssertInvariants(legitimate, expectedUnauthenticated: 1);
        h.AssertNoSecretLeaked();
        output.WriteLine($"rotation seed {seed}: switch at +{(switchAt - rotatedAt).TotalSeconds:F0} s, {sent} attempts, {legitimate} with a key the receiver held (all 200), {aheadOfReceiver} answered 401 because Firehose used the new key before the receiver had loaded it ({retries} retries, longest retry span {longestRetry.TotalSeconds:F0} s, none lost), {calls} calls (bound {bound})");
    }

    /// <summary>A delivery whose key Secrets Manager holds but the receiver has not loaded yet: 401 (retried) or, if the receiver just learned it, 200.</summary>
    private static async Task<int> SendAheadAsync(FaultHarness h, string key, string requestId)
    {
        using var request = Deliveries.Request(requestId, Deliveries.Body(requestId, [1]), key: key);
        using var message = await h.Server.Client.SendAsync(request);
        await h.Capture.AddResponseAsync(message);
        var response = await FirehoseResponse.ReadAsync(message);
        Assert.Equal(requestId, response.RequestId);
        return response.StatusCode;
    }
}
