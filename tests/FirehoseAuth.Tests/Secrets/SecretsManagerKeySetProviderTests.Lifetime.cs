using FirehoseAuth.Tests.Secrets.Fakes;
using Microsoft.Extensions.Diagnostics.Metrics.Testing;

namespace FirehoseAuth.Tests.Secrets;

public sealed partial class SecretsManagerKeySetProviderTests
{
    [Fact]
    public async Task Disposing_synchronously_stops_the_background_refresh_without_waiting()
    {
        await using var h = await SecretsHarness.StartAsync();
        h.Fake.PutSecretValue(Id, Json(KeyA));
        var provider = await h.StartLoadedProviderAsync();
        await h.WaitIdleAsync(provider);
        var calls = h.Fake.GetSecretValueCalls();

        provider.Dispose();
        await Eventually.TrueAsync(() => h.Time.NextDelayDue is null, "the periodic refresh is no longer scheduled");
        h.Time.Advance(TimeSpan.FromHours(1));
        provider.OnUnknownKey();

        Assert.False(provider.IsRefreshing);
        Assert.Equal(calls, h.Fake.GetSecretValueCalls());
        Assert.NotNull(provider.Current);
        await provider.DisposeAsync(); // after Dispose: a no-op, not an exception
    }

    [Fact]
    public async Task A_successful_refresh_is_counted()
    {
        await using var h = await SecretsHarness.StartAsync();
        using var refreshes = new MetricCollector<long>(h.Metrics.Meter, "firehoseauth.keyset.refreshes");
        h.Fake.PutSecretValue(Id, Json(KeyA));
        var provider = await h.StartLoadedProviderAsync();
        await h.WaitIdleAsync(provider);

        await h.AdvanceToNextDelayAsync();
        await h.WaitIdleAsync(provider);

        Assert.Equal(2, refreshes.GetMeasurementSnapshot().Count);
        Assert.Equal(TimeSpan.FromMinutes(15), provider.GetStatus().StaleAfter);
    }

    [Fact]
    public async Task The_periodic_refresh_interval_is_jittered_by_ten_percent()
    {
        var values = new Queue<double>([0.0, 0.999_999]);
        await using var h = await SecretsHarness.StartAsync(random: () => values.Count > 0 ? values.Dequeue() : 0.5);
        h.Fake.PutSecretValue(Id, Json(KeyA));
        var provider = await h.StartLoadedProviderAsync();
        await h.WaitIdleAsync(provider);

        var first = await h.AdvanceToNextDelayAsync();
        await h.WaitIdleAsync(provider);
        var second = await h.AdvanceToNextDelayAsync();

        Assert.Equal(TimeSpan.FromMinutes(4.5), first);
        Assert.InRange(second, TimeSpan.FromMinutes(5.5) - TimeSpan.FromMilliseconds(1), TimeSpan.FromMinutes(5.5));
    }

    private static string Json(string key) => $$"""{"api_key":"{{key}}"}""";
}
