using System.Net;
using System.Text;
using FirehoseAuth.Protocol;
using Microsoft.Extensions.Time.Testing;

namespace FirehoseAuth.Testing.Tests.Sending;

/// <summary>Retries, backoff and 413 under a fake clock, through a hand-written HttpMessageHandler (the seam HttpClient offers).</summary>
public sealed class FirehoseSenderRetryTests
{
    [Fact]
    public async Task A_receiver_that_always_fails_gets_a_two_hour_retry_schedule_with_the_same_request_id_instantly()
    {
        var clock = new FakeTimeProvider(DateTimeOffset.UtcNow);
        var handler = new RecordingHandler(clock, HttpStatusCode.InternalServerError);
        using var client = new HttpClient(handler) { Timeout = Timeout.InfiniteTimeSpan };
        var options = new FirehoseSenderOptions { TimeProvider = clock, RetryDuration = TimeSpan.FromSeconds(7200), Jitter = () => 0.5 };
        var sender = new FirehoseSender(client, new Uri("http://receiver.test/firehose"), _ => "key", options);

        var outcome = await RunWithClockAsync(clock, sender.SendRecordsAsync(FirehoseRecords.FromStrings("a")));

        Assert.Equal(FirehoseDeliveryVerdict.FailedAfterRetries, outcome.Verdict);
        Assert.All(handler.RequestIds, id => Assert.Equal(outcome.RequestId, id));
        Assert.Equal(outcome.Attempts.Count, handler.RequestIds.Count);

        // 1 s, 2 s, 4 s … doubling, capped at 60 s, each plus half of the 15 % jitter.
        for (var i = 1; i < outcome.Attempts.Count; i++)
        {
            var expected = TimeSpan.FromSeconds(Math.Min(Math.Pow(2, i - 1), 60) * 1.075);
            var attempt = outcome.Attempts[i];
            Assert.Equal(expected.TotalMilliseconds, attempt.DelayBefore.TotalMilliseconds, 1);
            var gap = attempt.StartedAt - outcome.Attempts[i - 1].StartedAt;
            Assert.InRange(gap, expected, expected + TimeSpan.FromSeconds(2));
        }

        var last = outcome.Attempts[^1].StartedAt - outcome.Attempts[0].StartedAt;
        Assert.InRange(last, TimeSpan.FromSeconds(7200 - 65), TimeSpan.FromSeconds(7200));
        Assert.Equal(TimeSpan.FromSeconds(64.5), outcome.Attempts[8].DelayBefore);
    }

    [Fact]
    public async Task A_413_is_data_loss_after_one_attempt()
    {
        var clock = new FakeTimeProvider(DateTimeOffset.UtcNow);
        var handler = new RecordingHandler(clock, HttpStatusCode.RequestEntityTooLarge);
        using var client = new HttpClient(handler) { Timeout = Timeout.InfiniteTimeSpan };
        var sender = new FirehoseSender(client, new Uri("http://receiver.test/firehose"), _ => "key", new FirehoseSenderOptions { TimeProvider = clock });

        var outcome = await sender.SendRecordsAsync(FirehoseRecords.FromStrings("a"));

        Assert.Equal(FirehoseDeliveryVerdict.Lost, outcome.Verdict);
        Assert.Single(outcome.Attempts);
        Assert.Single(handler.RequestIds);
    }

    [Fact]
    public void A_client_whose_own_timeout_would_cut_the_response_timeout_is_refused_with_the_fix()
    {
        var url = new Uri("http://receiver.test/firehose");
        using var defaultClient = new HttpClient();
        using var thirtySeconds = new HttpClient { Timeout = TimeSpan.FromSeconds(30) };

        var refused = Assert.Throws<ArgumentException>(() => new FirehoseSender(defaultClient, url, _ => "key"));

        Assert.Contains("Timeout (100 s) is shorter than FirehoseSenderOptions.ResponseTimeout (180 s)", refused.Message, StringComparison.Ordinal);
        Assert.Contains("Timeout.InfiniteTimeSpan", refused.Message, StringComparison.Ordinal);
        _ = new FirehoseSender(thirtySeconds, url, _ => "key", new FirehoseSenderOptions { ResponseTimeout = TimeSpan.FromSeconds(30) });
    }

    [Fact]
    public async Task A_late_answer_is_a_timeout_and_is_retried()
    {
        var clock = new FakeTimeProvider(DateTimeOffset.UtcNow);
        var handler = new RecordingHandler(clock, HttpStatusCode.OK) { HangFirst = true };
        using var client = new HttpClient(handler) { Timeout = Timeout.InfiniteTimeSpan };
        var sender = new FirehoseSender(client, new Uri("http://receiver.test/firehose"), _ => "key", new FirehoseSenderOptions { TimeProvider = clock, Jitter = () => 0, RetryDuration = TimeSpan.FromHours(2) });

        // The clock moves only until the retry reaches the receiver: moving it while the retry's answer is on its way
        // could run out that attempt's response timeout too (seen on a loaded machine).
        var sending = sender.SendRecordsAsync(FirehoseRecords.FromStrings("a"));
        for (var step = 0; handler.RequestCount < 2 && !sending.IsCompleted && step < 100_000; step++)
        {
            clock.Advance(TimeSpan.FromMilliseconds(250));
            await Task.Yield();
        }

        var outcome = await sending;

        Assert.True(outcome.Verdict == FirehoseDeliveryVerdict.Delivered, outcome.ToString());
        Assert.Equal(2, outcome.Attempts.Count);
        Assert.Equal(FirehoseResponseRule.Timeout, Assert.Single(outcome.Attempts[0].Violations).Rule);
        // The cancellation reaches the hanging handler on another thread while the loop keeps advancing the fake
        // clock, so only the lower bound is exact: the attempt was not given up before 3 minutes.
        Assert.True(outcome.Attempts[0].Latency >= TimeSpan.FromMinutes(3), outcome.ToString());
    }

    private static async Task<FirehoseDeliveryOutcome> RunWithClockAsync(FakeTimeProvider clock, Task<FirehoseDeliveryOutcome> sending)
    {
        for (var step = 0; !sending.IsCompleted && step < 100_000; step++)
        {
            clock.Advance(TimeSpan.FromMilliseconds(250));
            await Task.Yield();
        }

        return await sending;
    }

    private sealed class RecordingHandler(TimeProvider clock, HttpStatusCode status) : HttpMessageHandler
    {
        private int _requestCount;

        public List<string> RequestIds { get; } = [];

        public int RequestCount => Volatile.Read(ref _requestCount);

        public bool HangFirst { get; init; }

        protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
        {
            var id = request.Headers.GetValues(FirehoseHeaderNames.RequestId).Single();
            RequestIds.Add(id);
            var count = Interlocked.Increment(ref _requestCount);
            if (HangFirst && count == 1)
            {
                await Task.Delay(Timeout.InfiniteTimeSpan, clock, cancellationToken);
            }

            var body = Encoding.UTF8.GetBytes($"{{\"requestId\":\"{id}\",\"timestamp\":{clock.GetUtcNow().ToUnixTimeMilliseconds()}}}");
            var content = new ByteArrayContent(body);
            content.Headers.TryAddWithoutValidation("Content-Type", "application/json");
            content.Headers.TryAddWithoutValidation("Content-Length", body.Length.ToString(System.Globalization.CultureInfo.InvariantCulture));
            return new HttpResponseMessage(status) { Content = content };
        }
    }
}
