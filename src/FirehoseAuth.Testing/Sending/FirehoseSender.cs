namespace FirehoseAuth.Testing;

/// <summary>
/// Sends deliveries through any <see cref="HttpClient"/> (a real socket, <c>WebApplicationFactory</c>, <c>TestServer</c>)
/// and behaves like Firehose: each attempt must be answered within the response timeout, a failed attempt (any
/// status but 200, an invalid or late response, a broken connection) is retried with the same request id after
/// Firehose's backoff for as long as the retry duration allows, the access key is asked for again before every
/// attempt (so a test can rotate it), and a 413 ends the delivery at once as data loss.
/// </summary>
public sealed class FirehoseSender
{
    private readonly HttpClient _client;
    private readonly Uri _endpoint;
    private readonly Func<int, string?> _accessKey;
    private readonly FirehoseSenderOptions _options;

    /// <summary>Creates a sender that asks <paramref name="accessKeySource"/> for the key before every attempt.</summary>
    /// <param name="client">The client. Its own <see cref="HttpClient.Timeout"/> (100 seconds unless set) must be
    /// <see cref="Timeout.InfiniteTimeSpan"/> or at least <see cref="FirehoseSenderOptions.ResponseTimeout"/>, so that the response timeout governs:
    /// <c>new HttpClient { Timeout = Timeout.InfiniteTimeSpan }</c>, or <c>client.Timeout = Timeout.InfiniteTimeSpan</c> on a
    /// <c>WebApplicationFactory</c> client before its first request.</param>
    /// <param name="endpoint">The receiver's URL (relative to the client's base address, or absolute).</param>
    /// <param name="accessKeySource">Given the attempt number (1 for the first), returns the key to present, or <see langword="null"/> for none: <c>_ =&gt; "my-key"</c> for a fixed key.</param>
    /// <param name="options">The behaviour; Firehose's defaults when <see langword="null"/>.</param>
    /// <exception cref="ArgumentOutOfRangeException">An option is out of range.</exception>
    /// <exception cref="ArgumentException">The client's <see cref="HttpClient.Timeout"/> is shorter than the response timeout.</exception>
    public FirehoseSender(HttpClient client, Uri endpoint, Func<int, string?> accessKeySource, FirehoseSenderOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(client);
        ArgumentNullException.ThrowIfNull(endpoint);
        ArgumentNullException.ThrowIfNull(accessKeySource);
        _options = options ?? new FirehoseSenderOptions();
        _options.Validate();
        if (client.Timeout != Timeout.InfiniteTimeSpan && client.Timeout < _options.ResponseTimeout)
        {
            throw new ArgumentException(
                $"The HttpClient's Timeout ({client.Timeout.TotalSeconds:0.###} s) is shorter than FirehoseSenderOptions.ResponseTimeout ({_options.ResponseTimeout.TotalSeconds:0.###} s), so it would cut off answers that Firehose still waits for. Set the client's Timeout to Timeout.InfiniteTimeSpan before its first request (the sender enforces the response timeout itself), or lower ResponseTimeout.",
                nameof(client));
        }

        _client = client;
        _endpoint = endpoint;
        _accessKey = accessKeySource;
    }

    /// <summary>Builds a delivery of <paramref name="records"/> (new request id, stamped by the sender's clock) and sends it.</summary>
    /// <param name="records">The records' raw bytes.</param>
    /// <param name="cancellationToken">Stops sending (throws <see cref="OperationCanceledException"/>).</param>
    /// <returns>Every attempt and the verdict.</returns>
    public Task<FirehoseDeliveryOutcome> SendRecordsAsync(IReadOnlyList<ReadOnlyMemory<byte>> records, CancellationToken cancellationToken = default) =>
        SendAsync(new SimulatedDelivery(records, _options.TimeProvider), cancellationToken);

    /// <summary>Sends <paramref name="delivery"/> until it is delivered, lost (413), or the retry duration is spent.</summary>
    /// <param name="delivery">The delivery; every attempt sends its request id and bytes.</param>
    /// <param name="cancellationToken">Stops sending (throws <see cref="OperationCanceledException"/>).</param>
    /// <returns>Every attempt and the verdict.</returns>
    public async Task<FirehoseDeliveryOutcome> SendAsync(SimulatedDelivery delivery, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(delivery);
        var clock = _options.TimeProvider;
        var jitter = _options.Jitter ?? Random.Shared.NextDouble;
        var first = clock.GetUtcNow();
        var firstTimestamp = clock.GetTimestamp();
        var attempts = new List<FirehoseAttempt>();
        var delay = TimeSpan.Zero;
        for (var number = 1; ; number++)
        {
            var attempt = await AttemptAsync(delivery, number, delay, cancellationToken).ConfigureAwait(false);
            attempts.Add(attempt);
            if (attempt.Succeeded)
            {
                return new(delivery.RequestId, FirehoseDeliveryVerdict.Delivered, attempts, clock.GetElapsedTime(firstTimestamp));
            }

            if (attempt.StatusCode == 413)
            {
                return new(delivery.RequestId, FirehoseDeliveryVerdict.Lost, attempts, clock.GetElapsedTime(firstTimestamp));
            }

            delay = FirehoseBackoff.Delay(_options, number, jitter());
            if (clock.GetUtcNow() + delay - first > _options.RetryDuration)
            {
                return new(delivery.RequestId, FirehoseDeliveryVerdict.FailedAfterRetries, attempts, clock.GetElapsedTime(firstTimestamp));
            }

            await Task.Delay(delay, clock, cancellationToken).ConfigureAwait(false);
        }
    }

    private async Task<FirehoseAttempt> AttemptAsync(SimulatedDelivery delivery, int number, TimeSpan delayBefore, CancellationToken cancellationToken)
    {
        var clock = _options.TimeProvider;
        var key = _accessKey(number);
        var startedAt = clock.GetUtcNow();
        var started = clock.GetTimestamp();
        using var timeout = new CancellationTokenSource(_options.ResponseTimeout, clock);
        using var linked = CancellationTokenSource.CreateLinkedTokenSource(timeout.Token, cancellationToken);
        FirehoseResponseJudgement judgement;
        try
        {
            using var request = delivery.CreateRequest(_endpoint, key);
            using var response = await _client.SendAsync(request, HttpCompletionOption.ResponseHeadersRead, linked.Token).ConfigureAwait(false);
            judgement = await FirehoseResponseJudge.JudgeAsync(response, delivery.RequestId, clock.GetUtcNow(), _options.TimestampTolerance, linked.Token).ConfigureAwait(false);
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            var limit = timeout.IsCancellationRequested ? $"the response timeout of {_options.ResponseTimeout.TotalSeconds:0.###} s" : "the HttpClient's own Timeout";
            judgement = FirehoseResponseJudgement.NoResponse(FirehoseResponseRule.Timeout, $"No complete response within {limit}; Firehose counts a late response as a failure.");
        }
        catch (HttpRequestException ex)
        {
            judgement = FirehoseResponseJudgement.NoResponse(FirehoseResponseRule.Connection, $"The connection failed before a complete response ({ex.Message}); a receiver that refuses a large body while it is being sent (for example with a default 30 MB limit) looks like this.");
        }

        return new FirehoseAttempt(number, delayBefore, startedAt, clock.GetElapsedTime(started), key, judgement);
    }
}
