using FirehoseAuth.Secrets;
using FirehoseAuth.Tests.Secrets.Fakes;

namespace FirehoseAuth.Tests.Secrets;

public sealed class SecretsManagerClientTests
{
    private const string Id = SecretsHarness.SecretId;

    [Fact]
    public async Task GetSecretValue_returns_every_field_of_the_current_version()
    {
        await using var h = await SecretsHarness.StartAsync();
        var put = h.Fake.PutSecretValue(Id, """{"api_key":"k1"}""");
        var client = h.CreateClient();

        var value = await client.GetSecretValueAsync(Id, "AWSCURRENT", CancellationToken.None);

        Assert.NotNull(value);
        Assert.Equal(put.VersionId, value.VersionId);
        Assert.Equal("""{"api_key":"k1"}""", value.SecretString);
        Assert.Equal(Id, value.Name);
        Assert.Equal(h.Fake.ArnOf(Id), value.Arn);
        Assert.Equal(["AWSCURRENT"], value.VersionStages);
        Assert.Equal(put.CreatedDate, value.CreatedDate); // fractional seconds survive (the clock starts at .900)
        Assert.Equal(SecretsManagerClient.HttpClientName, Assert.Single(h.HttpClientFactory.RequestedNames));
    }

    [Fact]
    public async Task Requests_carry_the_exact_json_content_type_and_a_signature_the_fake_verifies()
    {
        await using var h = await SecretsHarness.StartAsync();
        h.Fake.PutSecretValue(Id, """{"api_key":"k1"}""");

        await h.CreateClient().GetSecretValueAsync(Id, "AWSCURRENT", CancellationToken.None);

        var call = Assert.Single(h.Fake.Calls);
        Assert.Equal(200, call.StatusCode);
        Assert.Equal("application/x-amz-json-1.1", call.ContentType);
        Assert.Equal("secretsmanager.GetSecretValue", call.Target);
        Assert.Equal("AWSCURRENT", call.VersionStage);
        Assert.Equal(Id, call.SecretId);
    }

    [Fact]
    public async Task Missing_previous_label_returns_null_without_retrying()
    {
        await using var h = await SecretsHarness.StartAsync();
        h.Fake.PutSecretValue(Id, """{"api_key":"k1"}""");

        var value = await h.CreateClient().GetSecretValueAsync(Id, "AWSPREVIOUS", CancellationToken.None);

        Assert.Null(value);
        var call = Assert.Single(h.Fake.Calls);
        Assert.Equal("ResourceNotFoundException", call.ErrorType);
    }

    [Fact]
    public async Task Missing_secret_for_the_current_label_throws_resource_not_found_without_retrying()
    {
        await using var h = await SecretsHarness.StartAsync();

        var ex = await Assert.ThrowsAsync<SecretsManagerException>(() => h.CreateClient().GetSecretValueAsync("nope", "AWSCURRENT", CancellationToken.None));

        Assert.Equal("ResourceNotFoundException", ex.ErrorType);
        Assert.False(ex.IsRetryable);
        Assert.Equal(400, ex.StatusCode);
        Assert.Single(h.Fake.Calls);
    }

    [Theory]
    [InlineData("ResourceNotFoundException")]
    [InlineData("AccessDeniedException")]
    [InlineData("DecryptionFailure")]
    [InlineData("InvalidRequestException")]
    [InlineData("InvalidParameterException")]
    public async Task Non_retryable_errors_are_thrown_after_one_call(string errorType)
    {
        await using var h = await SecretsHarness.StartAsync();
        h.Fake.PutSecretValue(Id, """{"api_key":"k1"}""");
        h.Fake.InjectError(400, "com.amazonaws.secretsmanager#" + errorType, "no.");

        var ex = await Assert.ThrowsAsync<SecretsManagerException>(() => h.CreateClient().GetSecretValueAsync(Id, "AWSCURRENT", CancellationToken.None));

        Assert.Equal(errorType, ex.ErrorType);
        Assert.Equal("no.", ex.Message);
        Assert.False(ex.IsRetryable);
        Assert.Single(h.Fake.Calls);
    }

    [Theory]
    [InlineData(FakeFault.Throttling, "ThrottlingException", 400)]
    [InlineData(FakeFault.InternalServiceError, "InternalServiceError", 500)]
    [InlineData(FakeFault.ServiceUnavailable, "Http503", 503)]
    public async Task Retryable_errors_are_retried_up_to_max_attempts_with_growing_jittered_backoff(FakeFault fault, string errorType, int status)
    {
        await using var h = await SecretsHarness.StartAsync(o => o.SecretsManager.MaxAttempts = 3);
        h.Fake.PutSecretValue(Id, """{"api_key":"k1"}""");
        h.Fake.InjectFault(fault);
        var call = h.CreateClient().GetSecretValueAsync(Id, "AWSCURRENT", CancellationToken.None);

        var first = await h.Time.AdvanceToNextDelayAsync();
        var second = await h.Time.AdvanceToNextDelayAsync();
        var ex = await Assert.ThrowsAsync<SecretsManagerException>(() => call);

        Assert.Equal(errorType, ex.ErrorType);
        Assert.Equal(status, ex.StatusCode);
        Assert.True(ex.IsRetryable);
        Assert.Equal(3, h.Fake.Calls.Count);
        // Equal jitter with random 0.5: 0.75 × 250 ms (Task.Delay truncates to 187 ms), then 0.75 × 500 ms.
        Assert.Equal(TimeSpan.FromMilliseconds(187), first);
        Assert.Equal(TimeSpan.FromMilliseconds(375), second);
    }

    [Fact]
    public async Task Too_many_requests_status_429_is_retried()
    {
        await using var h = await SecretsHarness.StartAsync(o => o.SecretsManager.MaxAttempts = 2);
        h.Fake.PutSecretValue(Id, """{"api_key":"k1"}""");
        h.Fake.InjectError(429, "TooManyRequestsException", "slow down", times: 1);
        var call = h.CreateClient().GetSecretValueAsync(Id, "AWSCURRENT", CancellationToken.None);

        await h.Time.AdvanceToNextDelayAsync();
        var value = await call;

        Assert.NotNull(value);
        Assert.Equal([429, 200], h.Fake.Calls.Select(c => c.StatusCode));
    }

    [Fact]
    public async Task Every_attempt_is_signed_afresh_with_its_own_date()
    {
        await using var h = await SecretsHarness.StartAsync(o => o.SecretsManager.MaxAttempts = 3);
        h.Fake.PutSecretValue(Id, """{"api_key":"k1"}""");
        h.Fake.InjectFault(FakeFault.Throttling, times: 2);
        var call = h.CreateClient().GetSecretValueAsync(Id, "AWSCURRENT", CancellationToken.None);

        await h.Time.AdvanceToNextDelayAsync();
        await h.Time.AdvanceToNextDelayAsync();
        var value = await call;

        Assert.NotNull(value);
        var calls = h.Fake.Calls;
        Assert.Equal([400, 400, 200], calls.Select(c => c.StatusCode));
        // The clock starts at hh:mm:00.900; the first backoff (187.5 ms) crosses into the next second.
        Assert.Equal("20260101T000000Z", calls[0].AmzDate);
        Assert.Equal("20260101T000001Z", calls[1].AmzDate);
    }

    [Fact]
    public async Task A_retry_succeeds_even_when_the_first_attempt_was_signed_long_before()
    {
        // Re-signing matters: a request re-sent with its first signature would be "expired" after the 5-minute window.
        await using var h = await SecretsHarness.StartAsync(o => o.SecretsManager.MaxAttempts = 2);
        h.Fake.PutSecretValue(Id, """{"api_key":"k1"}""");
        h.Fake.HoldRequests();
        var call = h.CreateClient().GetSecretValueAsync(Id, "AWSCURRENT", CancellationToken.None);

        // The attempt's timeout must be armed before the clock moves, or the advance passes it by (seen on a loaded machine).
        await Eventually.TrueAsync(() => h.Fake.InFlight == 1 && h.Time.PendingTimeouts == 1, "the first attempt to arrive");

        h.Time.Advance(h.Options.SecretsManager.AttemptTimeout); // the attempt times out ...
        await Eventually.TrueAsync(() => h.Time.NextDelayDue is not null, "the backoff");
        h.Fake.ReleaseRequests();
        h.Time.Advance(TimeSpan.FromMinutes(6)); // ... and the retry happens more than 5 minutes after the first signature.
        var value = await call;

        Assert.NotNull(value);

        // The released first attempt may be answered (403, its signature expired) after the retry, so the calls are not in
        // attempt order: the first attempt is the one signed earliest (X-Amz-Date sorts as time), the retry signed later.
        var first = h.Fake.Calls.Select(c => c.AmzDate).Order(StringComparer.Ordinal).First();
        Assert.Contains(h.Fake.Calls, c => c.AmzDate != first && c.StatusCode == 200);
    }

    [Fact]
    public async Task An_attempt_that_gets_no_answer_within_the_attempt_timeout_fails_as_a_retryable_timeout()
    {
        await using var h = await SecretsHarness.StartAsync(o => o.SecretsManager.MaxAttempts = 1);
        h.Fake.PutSecretValue(Id, """{"api_key":"k1"}""");
        h.Fake.HoldRequests();
        var call = h.CreateClient().GetSecretValueAsync(Id, "AWSCURRENT", CancellationToken.None);
        await Eventually.TrueAsync(() => h.Fake.InFlight == 1 && h.Time.PendingTimeouts == 1, "the attempt to be in flight");

        h.Time.Advance(h.Options.SecretsManager.AttemptTimeout - TimeSpan.FromTicks(1));
        Assert.False(call.IsCompleted);
        h.Time.Advance(TimeSpan.FromTicks(1));
        var ex = await Assert.ThrowsAsync<SecretsManagerException>(() => call);

        Assert.Equal("Timeout", ex.ErrorType);
        Assert.True(ex.IsRetryable);
        Assert.Equal(0, ex.StatusCode);
        Assert.Contains("FirehoseAuth:SecretsManager:AttemptTimeout", ex.Message, StringComparison.Ordinal); // the setting to change
    }

    [Fact]
    public async Task Caller_cancellation_is_not_reported_as_a_timeout()
    {
        await using var h = await SecretsHarness.StartAsync();
        h.Fake.PutSecretValue(Id, """{"api_key":"k1"}""");
        h.Fake.HoldRequests();
        using var cts = new CancellationTokenSource();
        var call = h.CreateClient().GetSecretValueAsync(Id, "AWSCURRENT", cts.Token);
        await Eventually.TrueAsync(() => h.Fake.InFlight == 1, "the attempt to be in flight");

        await cts.CancelAsync();

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => call);
    }

    [Fact]
    public async Task A_refused_connection_is_retried_then_reported_as_a_connection_failure()
    {
        await using var h = await SecretsHarness.StartAsync(o =>
        {
            o.SecretsManager.MaxAttempts = 2;
            o.SecretsManager.ServiceUrl = new Uri($"http://127.0.0.1:{ClosedPort()}/");
        });
        var call = h.CreateClient().GetSecretValueAsync(Id, "AWSCURRENT", CancellationToken.None);

        await h.Time.AdvanceToNextDelayAsync();
        var ex = await Assert.ThrowsAsync<SecretsManagerException>(() => call);

        Assert.Equal("ConnectionFailure", ex.ErrorType);
        Assert.True(ex.IsRetryable);
    }

    [Fact]
    public async Task A_reset_connection_is_retried()
    {
        await using var h = await SecretsHarness.StartAsync(o => o.SecretsManager.MaxAttempts = 2);
        h.Fake.PutSecretValue(Id, """{"api_key":"k1"}""");
        h.Fake.InjectFault(FakeFault.ConnectionReset, times: 1);
        var call = h.CreateClient().GetSecretValueAsync(Id, "AWSCURRENT", CancellationToken.None);

        await h.Time.AdvanceToNextDelayAsync();

        Assert.NotNull(await call);
        Assert.Equal(2, h.Fake.Calls.Count);
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task Redirects_are_never_followed_and_are_not_retried(bool handlerFollowsRedirects)
    {
        await using var h = await SecretsHarness.StartAsync(o => o.SecretsManager.MaxAttempts = 3);
        h.Fake.PutSecretValue(Id, """{"api_key":"k1"}""");
        h.Fake.InjectFault(FakeFault.Redirect, times: 1);
        using var factory = new FakeHttpClientFactory(allowAutoRedirect: handlerFollowsRedirects);

        var ex = await Assert.ThrowsAsync<SecretsManagerException>(() => h.CreateClient(httpClientFactory: factory).GetSecretValueAsync(Id, "AWSCURRENT", CancellationToken.None));

        Assert.Equal("Redirect", ex.ErrorType);
        Assert.False(ex.IsRetryable);
        Assert.Equal(307, h.Fake.Calls[0].StatusCode);
        Assert.DoesNotContain(h.Fake.Calls, c => c.StatusCode == 200);
        // One call, plus the handler's own re-POST when it follows redirects; never a retry.
        Assert.Equal(handlerFollowsRedirects ? 2 : 1, h.Fake.Calls.Count);
    }

    [Fact]
    public async Task A_malformed_success_body_is_a_non_retryable_invalid_response()
    {
        await using var h = await SecretsHarness.StartAsync();
        h.Fake.PutSecretValue(Id, """{"api_key":"k1"}""");
        h.Fake.InjectFault(FakeFault.MalformedResponse);

        var ex = await Assert.ThrowsAsync<SecretsManagerException>(() => h.CreateClient().GetSecretValueAsync(Id, "AWSCURRENT", CancellationToken.None));

        Assert.Equal("InvalidResponse", ex.ErrorType);
        Assert.Single(h.Fake.Calls);
    }

    [Fact]
    public async Task Wrong_secret_key_is_rejected_by_the_fake_as_an_invalid_signature()
    {
        await using var h = await SecretsHarness.StartAsync();
        h.Fake.PutSecretValue(Id, """{"api_key":"k1"}""");
        var wrong = AwsTestCredentials.Default with { SecretAccessKey = "not-the-secret" };

        var ex = await Assert.ThrowsAsync<SecretsManagerException>(() => h.CreateClient(wrong).GetSecretValueAsync(Id, "AWSCURRENT", CancellationToken.None));

        Assert.Equal("InvalidSignatureException", ex.ErrorType);
        Assert.Equal(403, ex.StatusCode);
        Assert.False(ex.IsRetryable);
        Assert.DoesNotContain("not-the-secret", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_client_clock_more_than_five_minutes_behind_gets_signature_expired()
    {
        await using var h = await SecretsHarness.StartAsync();
        h.Fake.PutSecretValue(Id, """{"api_key":"k1"}""");
        var lateClock = new TrackingTimeProvider(h.Time.GetUtcNow() - TimeSpan.FromMinutes(5) - TimeSpan.FromSeconds(2));

        var ex = await Assert.ThrowsAsync<SecretsManagerException>(() => h.CreateClient(clock: lateClock).GetSecretValueAsync(Id, "AWSCURRENT", CancellationToken.None));

        Assert.Equal("InvalidSignatureException", ex.ErrorType);
        Assert.StartsWith("Signature expired: ", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_client_clock_less_than_five_minutes_behind_is_accepted()
    {
        await using var h = await SecretsHarness.StartAsync();
        h.Fake.PutSecretValue(Id, """{"api_key":"k1"}""");
        var lateClock = new TrackingTimeProvider(h.Time.GetUtcNow() - TimeSpan.FromMinutes(4));

        Assert.NotNull(await h.CreateClient(clock: lateClock).GetSecretValueAsync(Id, "AWSCURRENT", CancellationToken.None));
    }

    [Fact]
    public async Task Unknown_access_key_id_is_rejected_as_unrecognized_client()
    {
        await using var h = await SecretsHarness.StartAsync();
        h.Fake.PutSecretValue(Id, """{"api_key":"k1"}""");
        var stranger = new AwsTestCredentials("AKIDSTRANGER", "whatever");

        var ex = await Assert.ThrowsAsync<SecretsManagerException>(() => h.CreateClient(stranger).GetSecretValueAsync(Id, "AWSCURRENT", CancellationToken.None));

        Assert.Equal("UnrecognizedClientException", ex.ErrorType);
    }

    [Fact]
    public void Request_body_holds_secret_id_and_version_stage()
    {
        var body = SecretsManagerClient.CreateRequestBody("arn:aws:secretsmanager:eu-west-1:1:secret:a\"b", "AWSPREVIOUS");

        Assert.Equal("""{"SecretId":"arn:aws:secretsmanager:eu-west-1:1:secret:a\u0022b","VersionStage":"AWSPREVIOUS"}""", System.Text.Encoding.UTF8.GetString(body));
    }

    private static int ClosedPort()
    {
        using var listener = new System.Net.Sockets.TcpListener(System.Net.IPAddress.Loopback, 0);
        listener.Start();
        var port = ((System.Net.IPEndPoint)listener.LocalEndpoint).Port;
        listener.Stop();
        return port;
    }
}
