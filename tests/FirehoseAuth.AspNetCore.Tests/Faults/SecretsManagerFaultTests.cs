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
}
