using System.Diagnostics.Metrics;
using FirehoseAuth.Deduplication;
using FirehoseAuth.Diagnostics;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using Microsoft.Extensions.Diagnostics.Metrics.Testing;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using static FirehoseAuth.Pipeline.Tests.PipelineHarness;

namespace FirehoseAuth.Pipeline.Tests;

/// <summary>The pipeline's ledger step: a retried delivery is handled once; the store's failures never lose data.</summary>
public sealed class DeduplicationTests
{
    private static PipelineHarness Memory(Action<DeduplicationOptions>? configure = null) => Create(o =>
    {
        o.Deduplication.Store = DeduplicationStore.Memory;
        configure?.Invoke(o.Deduplication);
    });

    private static PipelineHarness WithStore(IDeliveryLedger store, StoreUnavailableBehavior behavior = StoreUnavailableBehavior.RunHandler) => Create(
        o =>
        {
            o.Deduplication.Store = DeduplicationStore.Redis;
            o.Deduplication.WhenStoreUnavailable = behavior;
        },
        s => s.AddKeyedSingleton(DeduplicationStore.Redis, store).AddHealthChecks().AddFirehoseAuthKeys());

    [Fact]
    public async Task A_retry_of_a_handled_delivery_is_answered_200_without_the_handler_and_without_reading_the_body()
    {
        using var harness = Memory();
        var handler = new RecordingHandler();
        var id = NewRequestId();

        var first = await SendAsync(harness.Pipeline(), Request(id, Body(id, "once")), handler);
        var retry = Request(id, Body(id, "once"));
        var second = await SendAsync(harness.Pipeline(), retry, handler);

        Assert.Equal((200, 200), (first.Status, second.Status));
        Assert.Equal(1, handler.Calls);
        Assert.Equal(id, second.RequestId);
        Assert.True(second.Result.CloseConnection);
        Assert.Equal(0, ((TrackingPipeReader)retry.BodyReader!).Reads);
    }

    [Fact]
    public async Task A_retry_answered_from_the_ledger_counts_as_a_duplicate_and_is_logged_at_debug()
    {
        using var harness = Memory();
        using var claims = new MetricCollector<long>(harness.Services.GetRequiredService<IMeterFactory>(), FirehoseAuthDiagnostics.MeterName, "firehoseauth.deduplication.claims");
        var handler = new RecordingHandler();
        var id = NewRequestId();

        await SendAsync(harness.Pipeline(), Request(id, Body(id, "once")), handler);
        await SendAsync(harness.Pipeline(), Request(id, Body(id, "once")), handler);

        Assert.Equal(
            [("default", "claimed"), ("default", "duplicate")],
            claims.GetMeasurementSnapshot().Select(m => ((string)m.Tags["firehoseauth.stream"]!, (string)m.Tags["outcome"]!)));
        Assert.All(claims.GetMeasurementSnapshot(), m => Assert.Equal(1, m.Value));
        var duplicate = Assert.Single(harness.Logs.GetSnapshot(), r => r.Id.Name == "DuplicateDelivery");
        Assert.Equal(LogLevel.Debug, duplicate.Level);
        Assert.Contains(id, duplicate.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_delivery_whose_handler_failed_runs_again_on_the_retry()
    {
        using var harness = Memory();
        var id = NewRequestId();

        var failed = await SendAsync(harness.Pipeline(), Request(id, Body(id, "x")), new RecordingHandler(new InvalidOperationException("down")));
        var handler = new RecordingHandler();
        var retried = await SendAsync(harness.Pipeline(), Request(id, Body(id, "x")), handler);
        var again = await SendAsync(harness.Pipeline(), Request(id, Body(id, "x")), handler);

        Assert.Equal((500, 200, 200), (failed.Status, retried.Status, again.Status));
        Assert.Equal(1, handler.Calls);
    }

    [Fact]
    public async Task A_malformed_body_releases_its_claim()
    {
        using var harness = Memory();
        var id = NewRequestId();

        var malformed = await SendAsync(harness.Pipeline(), Request(id, "{"u8.ToArray()), new RecordingHandler());
        var handler = new RecordingHandler();
        var fixedUp = await SendAsync(harness.Pipeline(), Request(id, Body(id, "x")), handler);

        Assert.Equal((400, 200), (malformed.Status, fixedUp.Status));
        Assert.Equal(1, handler.Calls);
    }

    [Fact]
    public async Task A_delivery_in_progress_elsewhere_is_answered_503_and_a_lease_whose_holder_died_is_taken_over()
    {
        using var harness = Memory(d => d.Lease = TimeSpan.FromMinutes(5));
        var id = NewRequestId();
        var stuck = new BlockingHandler();
        var holder = SendAsync(harness.Pipeline(), Request(id, Body(id, "x")), stuck);
        await stuck.Entered.Task;

        var meanwhile = await SendAsync(harness.Pipeline(), Request(id, Body(id, "x")), new RecordingHandler());
        harness.Time.Advance(TimeSpan.FromMinutes(5) + TimeSpan.FromSeconds(1));
        var takeover = new RecordingHandler();
        var afterLease = await SendAsync(harness.Pipeline(), Request(id, Body(id, "x")), takeover);

        Assert.Equal(503, meanwhile.Status);
        Assert.Equal(FirehoseErrorCode.DeliveryInProgress, meanwhile.Result.ErrorCode);
        Assert.Equal(200, afterLease.Status);
        Assert.Equal(1, takeover.Calls);
        stuck.Release.SetResult();
        Assert.Equal(200, (await holder).Status);

        // The stopped holder's late completion does not undo the takeover's: a further retry is not handled again.
        Assert.Equal(200, (await SendAsync(harness.Pipeline(), Request(id, Body(id, "x")), takeover)).Status);
        Assert.Equal(1, takeover.Calls);
    }

    [Fact]
    public async Task Different_streams_and_sources_do_not_share_request_ids()
    {
        using var harness = Memory();
        var handler = new RecordingHandler();
        var id = NewRequestId();

        await SendAsync(harness.Pipeline(), Request(id, Body(id, "x")), handler);
        await SendAsync(harness.Pipeline(), Request(id, Body(id, "x"), edit: h => h[FirehoseAuth.Protocol.FirehoseHeaderNames.SourceArn] = "arn:aws:firehose:us-east-1:123456789012:deliverystream/other"), handler);

        Assert.Equal(2, handler.Calls);
    }

    [Fact]
    public async Task When_the_store_is_down_the_handler_runs_anyway_with_one_warning_and_a_degraded_health_check()
    {
        using var harness = WithStore(new FailingLedger());
        var handler = new RecordingHandler();
        for (var i = 0; i < 3; i++)
        {
            var id = NewRequestId();
            Assert.Equal(200, (await SendAsync(harness.Pipeline(), Request(id, Body(id, "x")), handler)).Status);
        }

        Assert.Equal(3, handler.Calls);
        var warning = Assert.Single(harness.Logs.GetSnapshot(), r => r.Level == LogLevel.Warning);
        Assert.IsType<InvalidOperationException>(warning.Exception);
        var report = await harness.Services.GetRequiredService<HealthCheckService>().CheckHealthAsync();
        Assert.Equal(HealthStatus.Degraded, report.Status);
    }

    [Fact]
    public async Task When_the_store_is_down_and_the_stream_says_reject_the_delivery_is_answered_503_unread()
    {
        using var harness = WithStore(new FailingLedger(), StoreUnavailableBehavior.Reject);
        var handler = new RecordingHandler();
        var id = NewRequestId();
        var request = Request(id, Body(id, "x"));

        var answer = await SendAsync(harness.Pipeline(), request, handler);

        Assert.Equal(503, answer.Status);
        Assert.Equal(FirehoseErrorCode.DeduplicationUnavailable, answer.Result.ErrorCode);
        Assert.Equal(0, handler.Calls);
        Assert.Equal(0, ((TrackingPipeReader)request.BodyReader!).Reads);
    }

    [Fact]
    public async Task A_store_that_does_not_answer_holds_the_request_no_longer_than_the_store_timeout()
    {
        var store = new SilentLedger();
        using var harness = WithStore(store);
        var handler = new RecordingHandler();
        var id = NewRequestId();

        var pending = SendAsync(harness.Pipeline(), Request(id, Body(id, "x")), handler);
        await store.Called.Task;
        Assert.False(pending.IsCompleted);
        harness.Time.Advance(harness.Services.GetRequiredService<IOptions<FirehoseAuthOptions>>().Value.Deduplication.StoreTimeout);
        var answer = await pending;

        Assert.Equal(200, answer.Status);
        Assert.Equal(1, handler.Calls);
    }

    [Fact]
    public async Task A_claim_the_store_answers_after_the_store_timeout_is_released()
    {
        var store = new LateLedger();
        using var harness = WithStore(store, StoreUnavailableBehavior.Reject);
        var handler = new RecordingHandler();
        var id = NewRequestId();

        var pending = SendAsync(harness.Pipeline(), Request(id, Body(id, "x")), handler);
        await store.Called.Task;
        harness.Time.Advance(harness.Services.GetRequiredService<IOptions<FirehoseAuthOptions>>().Value.Deduplication.StoreTimeout);
        var answer = await pending;
        store.Answer.SetResult(new DeliveryClaim(DeliveryClaimOutcome.Claimed, 42, TimeSpan.Zero));

        Assert.Equal(503, answer.Status);
        Assert.Equal(0, handler.Calls);

        // Nobody completes or releases a claim the pipeline stopped waiting for; unreleased, it would answer every
        // retry 503 until its lease ran out. The bound is a safety net for a failing test, not a sleep.
        Assert.Equal(42, await store.Released.Task.WaitAsync(TimeSpan.FromSeconds(30)));
    }

    [Fact]
    public void Choosing_Redis_without_registering_it_fails_validation_saying_what_to_call()
    {
        using var harness = Create(o => o.Deduplication.Store = DeduplicationStore.Redis);

        var ex = Assert.Throws<OptionsValidationException>(() => harness.Services.GetRequiredService<IOptions<FirehoseAuthOptions>>().Value);

        Assert.Contains(ex.Failures, f => f.Contains("AddFirehoseAuthRedisDeduplication", StringComparison.Ordinal));
    }

    private sealed class BlockingHandler : IFirehoseDeliveryHandler
    {
        public TaskCompletionSource Entered { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);

        public TaskCompletionSource Release { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);

        public async ValueTask HandleAsync(FirehoseDeliveryContext context)
        {
            Entered.TrySetResult();
            await Release.Task;
        }
    }

    private sealed class FailingLedger : IDeliveryLedger
    {
        public ValueTask<DeliveryClaim> TryClaimAsync(FirehoseDeliveryKey key, TimeSpan lease, CancellationToken cancellationToken)
            => ValueTask.FromException<DeliveryClaim>(new InvalidOperationException("connection refused"));

        public ValueTask CompleteAsync(FirehoseDeliveryKey key, long token, TimeSpan retention, CancellationToken cancellationToken)
            => ValueTask.FromException(new InvalidOperationException("connection refused"));

        public ValueTask ReleaseAsync(FirehoseDeliveryKey key, long token, CancellationToken cancellationToken)
            => ValueTask.FromException(new InvalidOperationException("connection refused"));
    }

    private sealed class SilentLedger : IDeliveryLedger
    {
        public TaskCompletionSource Called { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);

        public ValueTask<DeliveryClaim> TryClaimAsync(FirehoseDeliveryKey key, TimeSpan lease, CancellationToken cancellationToken)
        {
            Called.TrySetResult();
            return new ValueTask<DeliveryClaim>(new TaskCompletionSource<DeliveryClaim>().Task);
        }

        public ValueTask CompleteAsync(FirehoseDeliveryKey key, long token, TimeSpan retention, CancellationToken cancellationToken) => ValueTask.CompletedTask;

        public ValueTask ReleaseAsync(FirehoseDeliveryKey key, long token, CancellationToken cancellationToken) => ValueTask.CompletedTask;
    }

    private sealed class LateLedger : IDeliveryLedger
    {
        public TaskCompletionSource Called { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);

        public TaskCompletionSource<DeliveryClaim> Answer { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);

        public TaskCompletionSource<long> Released { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);

        public ValueTask<DeliveryClaim> TryClaimAsync(FirehoseDeliveryKey key, TimeSpan lease, CancellationToken cancellationToken)
        {
            Called.TrySetResult();
            return new ValueTask<DeliveryClaim>(Answer.Task);
        }

        public ValueTask CompleteAsync(FirehoseDeliveryKey key, long token, TimeSpan retention, CancellationToken cancellationToken) => ValueTask.CompletedTask;

        public ValueTask ReleaseAsync(FirehoseDeliveryKey key, long token, CancellationToken cancellationToken)
        {
            Released.TrySetResult(token);
            return ValueTask.CompletedTask;
        }
    }
}
