using FirehoseAuth.Authentication;
using FirehoseAuth.Tests.Secrets.Fakes;
using Microsoft.Extensions.Diagnostics.Metrics.Testing;

namespace FirehoseAuth.Tests.Secrets;

public sealed partial class SecretsManagerKeySetProviderTests
{
    private const string Id = SecretsHarness.SecretId;
    private const string KeyA = "firehose-key-AAAAAAAA";
    private const string KeyB = "firehose-key-BBBBBBBB";
    private static readonly TimeSpan Grace = TimeSpan.FromMinutes(15);

    [Fact]
    public async Task Cold_start_with_secrets_manager_down_is_unavailable_until_the_first_success_then_valid()
    {
        await using var h = await SecretsHarness.StartAsync(o => o.SecretsManager.MaxAttempts = 1);
        h.Fake.PutSecretValue(Id, Json(KeyA));
        h.Fake.InjectFault(FakeFault.ServiceUnavailable);
        var provider = h.CreateProvider();

        Assert.Null(provider.Current); // the first read starts the background refresh: no host needed
        await Eventually.TrueAsync(() => provider.GetStatus().ConsecutiveFailures == 1 && !provider.IsRefreshing, "the first failure");
        Assert.Equal(AccessKeyValidationResult.Unavailable, KeySetProbe.Check(provider.Current, KeyA, h.Time.GetUtcNow()));
        var down = provider.GetStatus();
        Assert.False(down.IsLoaded);
        Assert.Null(down.LastSuccess);
        Assert.Equal(h.Time.GetUtcNow(), down.LastFailure);
        Assert.StartsWith("Http503", down.LastError, StringComparison.Ordinal);

        h.Fake.ClearFaults();
        await h.AdvanceUntilAsync(() => provider.Current is not null);

        Assert.Equal(AccessKeyValidationResult.ValidCurrent, KeySetProbe.Check(provider.Current, KeyA, h.Time.GetUtcNow()));
        var up = provider.GetStatus();
        Assert.True(up.IsLoaded);
        Assert.Equal(0, up.ConsecutiveFailures);
        Assert.Null(up.LastFailure);
        Assert.Null(up.LastError);
        Assert.Equal(h.Time.GetUtcNow(), up.LastSuccess);
    }

    [Fact]
    public async Task Rotation_accepts_the_new_key_as_soon_as_seen_and_the_old_key_only_until_created_date_plus_grace()
    {
        await using var h = await SecretsHarness.StartAsync();
        h.Fake.PutSecretValue(Id, Json(KeyA));
        var provider = await h.StartLoadedProviderAsync();
        await h.WaitIdleAsync(provider);
        Assert.False(provider.Current!.HasPreviousKey);

        h.Time.Advance(TimeSpan.FromMinutes(1));
        var rotated = h.Fake.PutSecretValue(Id, Json(KeyB));
        Assert.Equal(AccessKeyValidationResult.Invalid, KeySetProbe.Check(provider.Current, KeyB, h.Time.GetUtcNow()));

        provider.OnUnknownKey(); // Firehose presents the new key before the periodic refresh
        await Eventually.TrueAsync(() => provider.Current!.Version == rotated.VersionId, "the rotated key set");

        var set = provider.Current!;
        var until = rotated.CreatedDate + Grace;
        Assert.Equal(until, set.PreviousValidUntil);
        Assert.Equal(AccessKeyValidationResult.ValidCurrent, KeySetProbe.Check(set, KeyB, h.Time.GetUtcNow()));
        Assert.Equal(AccessKeyValidationResult.ValidPrevious, KeySetProbe.Check(set, KeyA, h.Time.GetUtcNow()));
        Assert.Equal(AccessKeyValidationResult.ValidPrevious, KeySetProbe.Check(set, KeyA, until));

        await h.AdvanceUntilAsync(() => h.Time.GetUtcNow() > until);

        var later = provider.Current!;
        Assert.Equal(until, later.PreviousValidUntil); // refreshes never extend the window
        Assert.Equal(AccessKeyValidationResult.Invalid, KeySetProbe.Check(later, KeyA, h.Time.GetUtcNow()));
        Assert.Equal(AccessKeyValidationResult.ValidCurrent, KeySetProbe.Check(later, KeyB, h.Time.GetUtcNow()));
        Assert.DoesNotContain(h.Logs.GetSnapshot(), r => r.Message.Contains(KeyA, StringComparison.Ordinal) || r.Message.Contains(KeyB, StringComparison.Ordinal));
    }

    [Fact]
    public async Task A_receiver_restarted_mid_rotation_accepts_the_previous_key_until_the_same_instant()
    {
        await using var h = await SecretsHarness.StartAsync();
        h.Fake.PutSecretValue(Id, Json(KeyA));
        var before = await h.StartLoadedProviderAsync();
        await h.WaitIdleAsync(before);
        h.Time.Advance(TimeSpan.FromMinutes(2));
        var rotated = h.Fake.PutSecretValue(Id, Json(KeyB));
        await h.AdvanceUntilAsync(() => before.Current!.Version == rotated.VersionId);
        await h.WaitIdleAsync(before);

        h.Time.Advance(TimeSpan.FromMinutes(1));
        var restarted = await h.StartLoadedProviderAsync(); // a new process, after the rotation
        await h.WaitIdleAsync(restarted);

        var until = rotated.CreatedDate + Grace;
        Assert.Equal(until, restarted.Current!.PreviousValidUntil);
        Assert.Equal(before.Current!.PreviousValidUntil, restarted.Current.PreviousValidUntil);
        Assert.Equal(AccessKeyValidationResult.ValidPrevious, KeySetProbe.Check(restarted.Current, KeyA, h.Time.GetUtcNow()));
        Assert.Equal(AccessKeyValidationResult.Invalid, KeySetProbe.Check(restarted.Current, KeyA, until + TimeSpan.FromTicks(1)));
    }

    [Fact]
    public async Task A_thousand_unknown_keys_at_once_trigger_one_early_refresh()
    {
        await using var h = await SecretsHarness.StartAsync();
        h.Fake.PutSecretValue(Id, Json(KeyA));
        var provider = await h.StartLoadedProviderAsync();
        await h.WaitIdleAsync(provider);
        var before = h.Fake.GetSecretValueCalls();

        Parallel.For(0, 1000, _ => provider.OnUnknownKey());
        await h.WaitIdleAsync(provider);

        Assert.Equal(2, h.Fake.GetSecretValueCalls() - before); // one AWSCURRENT + one AWSPREVIOUS
    }

    [Fact]
    public async Task A_thousand_unknown_keys_over_five_minutes_refresh_at_most_once_per_thirty_seconds()
    {
        await using var h = await SecretsHarness.StartAsync();
        h.Fake.PutSecretValue(Id, Json(KeyA));
        var provider = await h.StartLoadedProviderAsync();
        await h.WaitIdleAsync(provider);
        var before = h.Fake.GetSecretValueCalls();

        for (var i = 0; i < 1000; i++)
        {
            provider.OnUnknownKey();
            await h.WaitIdleAsync(provider);
            h.Time.Advance(TimeSpan.FromMilliseconds(300)); // 1,000 keys over 300 s, before the periodic refresh is due
        }

        // Early refreshes at 0, 30, …, 270 s: 10 refreshes of two calls each.
        Assert.Equal(2 * 10, h.Fake.GetSecretValueCalls() - before);
    }

    [Fact]
    public async Task A_hundred_concurrent_refresh_requests_at_expiry_make_exactly_one_call_per_stage()
    {
        await using var h = await SecretsHarness.StartAsync();
        h.Fake.PutSecretValue(Id, Json(KeyA));
        var provider = await h.StartLoadedProviderAsync();
        await h.WaitIdleAsync(provider);
        var current = h.Fake.GetSecretValueCalls("AWSCURRENT");
        var previous = h.Fake.GetSecretValueCalls("AWSPREVIOUS");
        h.Fake.HoldRequests();

        await h.AdvanceToNextDelayAsync(); // the refresh interval expires: the periodic refresh starts
        await Eventually.TrueAsync(() => h.Fake.InFlight == 1, "the periodic refresh to reach the fake");
        var joined = await Task.WhenAll(Enumerable.Range(0, 100).Select(_ => Task.Run(() =>
        {
            provider.OnUnknownKey();
            return Task.FromResult(provider.RefreshAsync());
        })));
        h.Fake.ReleaseRequests();
        await Task.WhenAll(joined);
        await h.WaitIdleAsync(provider);

        Assert.All(joined, t => Assert.Same(joined[0], t)); // every request joined the same refresh
        Assert.Equal(1, h.Fake.GetSecretValueCalls("AWSCURRENT") - current);
        Assert.Equal(1, h.Fake.GetSecretValueCalls("AWSPREVIOUS") - previous);
    }

    [Fact]
    public async Task A_day_long_outage_keeps_the_last_good_keys_reports_degraded_and_bounds_the_backoff()
    {
        var seeded = new Random(42);
        await using var h = await SecretsHarness.StartAsync(random: seeded.NextDouble);
        h.Fake.PutSecretValue(Id, Json(KeyA));
        var provider = await h.StartLoadedProviderAsync();
        await h.WaitIdleAsync(provider);
        var loaded = provider.Current!;
        var loadedAt = h.Time.GetUtcNow();
        var callsBefore = h.Fake.GetSecretValueCalls();
        var delaysBefore = h.Time.ScheduledDelays.Count;
        h.Fake.InjectFault(FakeFault.ServiceUnavailable);

        var end = loadedAt + TimeSpan.FromHours(24);
        await h.AdvanceUntilAsync(() => h.Time.GetUtcNow() >= end && !provider.IsRefreshing, maxSteps: 5_000);

        Assert.Same(loaded, provider.Current);
        Assert.Equal(AccessKeyValidationResult.ValidCurrent, KeySetProbe.Check(provider.Current, KeyA, h.Time.GetUtcNow()));
        var status = provider.GetStatus();
        Assert.True(status.IsLoaded);
        Assert.Equal(loadedAt, status.LastSuccess);
        Assert.True(h.Time.GetUtcNow() - status.LastSuccess > status.StaleAfter, "the key set must report itself stale");
        Assert.NotNull(status.LastFailure);

        var refreshes = status.ConsecutiveFailures;
        var calls = h.Fake.GetSecretValueCalls() - callsBefore;
        Assert.Equal(3 * refreshes, calls); // each failed refresh: AWSCURRENT, three attempts
        Assert.InRange(refreshes, 288, (24 * 60 * 60 / 150) + 10); // never gives up (≥ one per 5 min), never faster than backoff allows
        var refreshInterval = h.Options.SecretsManager.RefreshInterval;
        var delays = h.Time.ScheduledDelays.Skip(delaysBefore).Where(d => d >= TimeSpan.FromSeconds(2)).ToList();
        Assert.All(delays, d => Assert.True(d <= refreshInterval, $"backoff {d} exceeds the refresh interval"));
        Assert.Contains(delays, d => d > refreshInterval / 2); // it grew up to the cap

        h.Fake.ClearFaults();
        await h.AdvanceUntilAsync(() => provider.GetStatus().ConsecutiveFailures == 0);
        Assert.Equal(h.Time.GetUtcNow(), provider.GetStatus().LastSuccess);
    }

    [Fact]
    public async Task Throttling_is_retried_within_a_refresh_then_the_refresh_backs_off()
    {
        await using var h = await SecretsHarness.StartAsync(o => o.SecretsManager.MaxAttempts = 3);
        using var failures = new MetricCollector<long>(h.Metrics.Meter, "firehoseauth.keyset.refresh_failures");
        h.Fake.PutSecretValue(Id, Json(KeyA));
        h.Fake.InjectFault(FakeFault.Throttling, times: 2);
        var provider = h.CreateProvider();
        provider.Start();

        await h.AdvanceUntilAsync(() => provider.Current is not null);
        await h.WaitIdleAsync(provider);
        Assert.Equal(["ThrottlingException", "ThrottlingException", null, "ResourceNotFoundException"], h.Fake.Calls.Select(c => c.ErrorType));
        Assert.Equal(["AWSCURRENT", "AWSCURRENT", "AWSCURRENT", "AWSPREVIOUS"], h.Fake.Calls.Select(c => c.VersionStage));

        h.Fake.InjectFault(FakeFault.Throttling);
        await h.AdvanceUntilAsync(() => provider.GetStatus().ConsecutiveFailures == 1);
        await h.WaitIdleAsync(provider);

        Assert.Equal(7, h.Fake.Calls.Count); // three more attempts
        Assert.StartsWith("ThrottlingException", provider.GetStatus().LastError, StringComparison.Ordinal);
        Assert.Equal(TimeSpan.FromSeconds(3.75), h.Time.ScheduledDelays[^1]); // equal jitter: 5 s × (0.5 + 0.5 × 0.5)
        var failure = Assert.Single(failures.GetMeasurementSnapshot());
        Assert.Equal("ThrottlingException", failure.Tags["error.type"]);
        Assert.Equal(Id, failure.Tags["firehoseauth.secret_id"]);
        Assert.Same(provider.Current, provider.Current);
        Assert.Equal(AccessKeyValidationResult.ValidCurrent, KeySetProbe.Check(provider.Current, KeyA, h.Time.GetUtcNow()));
    }

    public static TheoryData<string> MalformedSecrets() => new()
    {
        "not json MARKER-1234",
        """{"other":"MARKER-1234"}""",
        """{"api_key":""}""",
        """{"api_key":42}""",
        """["MARKER-1234"]""",
        Json("MARKER-1234" + new string('Z', 4096)),
    };

    [Theory]
    [MemberData(nameof(MalformedSecrets))]
    public async Task A_malformed_secret_is_a_failed_refresh_that_keeps_the_last_good_keys_and_never_logs_the_content(string malformed)
    {
        await using var h = await SecretsHarness.StartAsync();
        using var failures = new MetricCollector<long>(h.Metrics.Meter, "firehoseauth.keyset.refresh_failures");
        h.Fake.PutSecretValue(Id, Json(KeyA));
        var provider = await h.StartLoadedProviderAsync();
        await h.WaitIdleAsync(provider);
        var good = provider.Current;

        h.Fake.PutSecretValue(Id, malformed);
        await h.AdvanceUntilAsync(() => provider.GetStatus().ConsecutiveFailures == 1);

        Assert.Same(good, provider.Current);
        Assert.Equal(AccessKeyValidationResult.ValidCurrent, KeySetProbe.Check(provider.Current, KeyA, h.Time.GetUtcNow()));
        var status = provider.GetStatus();
        Assert.StartsWith("MalformedSecret", status.LastError, StringComparison.Ordinal);
        Assert.DoesNotContain("MARKER", status.LastError, StringComparison.Ordinal);
        Assert.Equal("MalformedSecret", Assert.Single(failures.GetMeasurementSnapshot()).Tags["error.type"]);
        Assert.Contains(h.Logs.GetSnapshot(), r => r.Message.Contains("MalformedSecret", StringComparison.Ordinal));
        Assert.DoesNotContain(h.Logs.GetSnapshot(), r => r.Message.Contains("MARKER", StringComparison.Ordinal) || r.Message.Contains(KeyA, StringComparison.Ordinal));
    }

    [Fact]
    public async Task A_secret_never_rotated_publishes_the_current_key_alone()
    {
        await using var h = await SecretsHarness.StartAsync();
        var only = h.Fake.PutSecretValue(Id, Json(KeyA));

        var provider = await h.StartLoadedProviderAsync();

        Assert.False(provider.Current!.HasPreviousKey);
        Assert.Equal(only.VersionId, provider.Current.Version);
        await h.WaitIdleAsync(provider);
        Assert.Equal(0, provider.GetStatus().ConsecutiveFailures);
        Assert.Equal(["AWSCURRENT", "AWSPREVIOUS"], h.Fake.Calls.Select(c => c.VersionStage));
        Assert.DoesNotContain(h.Fake.Calls, c => c.VersionStage == "AWSPENDING");
    }

    [Fact]
    public async Task An_unusable_previous_version_leaves_only_the_current_key()
    {
        await using var h = await SecretsHarness.StartAsync();
        h.Fake.PutSecretValue(Id, "not json");
        h.Fake.PutSecretValue(Id, Json(KeyB));

        var provider = await h.StartLoadedProviderAsync();

        Assert.False(provider.Current!.HasPreviousKey);
        Assert.Equal(AccessKeyValidationResult.ValidCurrent, KeySetProbe.Check(provider.Current, KeyB, h.Time.GetUtcNow()));
        Assert.Contains(h.Logs.GetSnapshot(), r => r.Id.Id == 305);
    }

    [Fact]
    public async Task An_unknown_key_starts_the_background_refresh_without_a_host()
    {
        await using var h = await SecretsHarness.StartAsync();
        h.Fake.PutSecretValue(Id, Json(KeyA));
        var provider = h.CreateProvider();

        provider.OnUnknownKey();

        await Eventually.TrueAsync(() => provider.Current is not null, "the first key set");
        await h.WaitIdleAsync(provider);
        Assert.NotNull(h.Time.NextDelayDue); // the periodic refresh is scheduled
    }

    [Fact]
    public async Task Start_is_idempotent()
    {
        await using var h = await SecretsHarness.StartAsync();
        h.Fake.PutSecretValue(Id, Json(KeyA));
        var provider = h.CreateProvider();

        provider.Start();
        provider.Start();
        await Eventually.TrueAsync(() => provider.Current is not null, "the first key set");
        await h.WaitIdleAsync(provider);
        provider.Start();

        Assert.Equal(2, h.Fake.GetSecretValueCalls());
    }

    [Fact]
    public async Task Wait_for_first_load_returns_false_at_the_timeout_and_true_once_loaded()
    {
        await using var h = await SecretsHarness.StartAsync(o => o.SecretsManager.MaxAttempts = 1);
        h.Fake.PutSecretValue(Id, Json(KeyA));
        h.Fake.InjectFault(FakeFault.ServiceUnavailable);
        var provider = h.CreateProvider();

        var waiting = provider.WaitForFirstLoadAsync(TimeSpan.FromSeconds(2), CancellationToken.None);
        await Eventually.TrueAsync(() => provider.GetStatus().ConsecutiveFailures == 1 && !provider.IsRefreshing, "the first failure");
        h.Time.Advance(TimeSpan.FromSeconds(2));
        Assert.False(await waiting);

        h.Fake.ClearFaults();
        var second = provider.WaitForFirstLoadAsync(TimeSpan.FromMinutes(10), CancellationToken.None);
        await h.AdvanceUntilAsync(() => provider.Current is not null);
        Assert.True(await second);
        Assert.True(await provider.WaitForFirstLoadAsync(TimeSpan.Zero, CancellationToken.None));
    }

    [Fact]
    public async Task Disposing_stops_the_background_refresh()
    {
        await using var h = await SecretsHarness.StartAsync();
        h.Fake.PutSecretValue(Id, Json(KeyA));
        var provider = await h.StartLoadedProviderAsync();
        await h.WaitIdleAsync(provider);
        var calls = h.Fake.GetSecretValueCalls();

        await provider.DisposeAsync();
        Assert.Null(h.Time.NextDelayDue); // the periodic refresh is no longer scheduled
        h.Time.Advance(TimeSpan.FromHours(1));
        provider.OnUnknownKey();
        provider.Start();

        Assert.False(provider.IsRefreshing); // a refresh would have been registered synchronously
        Assert.Null(h.Time.NextDelayDue);
        Assert.Equal(calls, h.Fake.GetSecretValueCalls());
        Assert.NotNull(provider.Current); // the last key set is still readable
    }
}
