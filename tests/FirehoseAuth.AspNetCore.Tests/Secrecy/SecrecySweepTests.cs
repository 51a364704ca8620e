using System.Text;
using FirehoseAuth.AspNetCore.Tests.Faults;
using FirehoseAuth.AspNetCore.Tests.Infrastructure;
using FirehoseAuth.Authentication;
using FirehoseAuth.Protocol;
using FirehoseAuth.Secrets;
using FirehoseAuth.Tests.Secrets.Fakes;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace FirehoseAuth.AspNetCore.Tests.Secrecy;

/// <summary>
/// No access key (current, previous, presented), AWS secret access key or session token in any log record (Trace, whole
/// host), metric, exception, response, or <c>ToString()</c> of the library's public objects. The fault scenarios run
/// the same sweep at their end; this one drives every kind of key through the endpoint.
/// </summary>
public sealed class SecrecySweepTests
{
    [Fact]
    public async Task Valid_invalid_previous_and_over_long_keys_leave_no_secret_in_logs_metrics_exceptions_responses_or_objects()
    {
        await using var h = await FaultHarness.CreateAsync();
        var previous = h.NewKey();
        var current = h.NewKey();
        h.Rotate(previous);
        h.Fake.InjectFault(FakeFault.ConnectionReset, times: 2); // failures on the way in, with exceptions
        await h.StartReceiverAsync();
        Assert.Equal(503, await h.DeliverAsync(current, legitimate: false, "before the first load"));
        await h.RunUntilAsync(h.Time.GetUtcNow() + TimeSpan.FromMinutes(1));
        h.Rotate(current);
        Assert.Equal(401, await h.DeliverAsync(current, legitimate: false, "new key before the receiver knows it")); // early refresh
        await Eventually.TrueAsync(() => h.Provider.Current?.ToString() is { } s && h.Provider.Current.HasPreviousKey, "the rotated key set");

        Assert.Equal(200, await h.DeliverAsync(current, legitimate: true, "current"));
        Assert.Equal(200, await h.DeliverAsync(previous, legitimate: true, "previous"));
        Assert.Equal(401, await h.DeliverAsync(h.NewKey(), legitimate: false, "wrong"));
        Assert.Equal(401, await h.DeliverAsync(h.NewKey(4096), legitimate: false, "4096 bytes"));
        Assert.Equal(401, await h.DeliverAsync(h.NewKey(5000), legitimate: false, "over-long"));
        Assert.Equal(401, await h.DeliverAsync(current + h.NewKey(8), legitimate: false, "current plus a suffix"));
        Assert.Equal(401, await h.DeliverAsync(null, legitimate: false, "missing"));

        // A valid key on a bad body: the error answer must not echo the key either.
        var requestId = Deliveries.NewRequestId();
        using (var bad = Deliveries.Request(requestId, Encoding.UTF8.GetBytes($"{{\"requestId\":\"{requestId}\",\"records\":[{{\"data\":\"{current}!\"}}]}}"), key: current))
        using (var answer = await h.Server.Client.SendAsync(bad))
        {
            await h.Capture.AddResponseAsync(answer);
            Assert.Equal(400, (int)answer.StatusCode);
        }

        // Failures after the load: throttling and a malformed secret holding a key.
        h.Fake.InjectFault(FakeFault.Throttling, times: 3);
        h.Fake.PutSecretValue(FaultHarness.SecretId, $"{{\"api_key\":\"{h.NewKey()}\"");
        await h.RunUntilAsync(h.Time.GetUtcNow() + TimeSpan.FromMinutes(12), async () => Assert.Equal(200, await h.DeliverAsync(current, legitimate: true, "current while refreshes fail")));
        Assert.True(h.Provider.GetStatus().ConsecutiveFailures > 0);

        // The public objects that hold or see keys.
        var options = new FirehoseAuthOptions { AccessKey = h.NewKey(), PreviousAccessKey = h.NewKey(), PreviousAccessKeyValidUntil = FaultHarness.Start };
        h.Capture.Add("FirehoseAuthOptions", options.ToString());
        h.Capture.Add("SecretsManagerOptions", options.SecretsManager.ToString());
        h.Capture.Add("AccessKeySet", new AccessKeySet(options.AccessKey, options.PreviousAccessKey, FaultHarness.Start).ToString());
        h.Capture.Add("AccessKeySet (provider)", h.Provider.Current!.ToString());
        h.Capture.Add("SecretValue", new SecretValue { VersionId = "v", Name = "n", SecretString = $"{{\"api_key\":\"{current}\"}}", SecretBinary = Encoding.UTF8.GetBytes(previous) }.ToString());
        h.Capture.Add("FirehoseRequestHeaders", new FirehoseRequestHeaders { RequestId = requestId, ContentType = "application/json" }.ToString());
        var parsed = await FirehoseRequestParser.ParseAsync(new MemoryStream(Deliveries.Body(requestId, Encoding.UTF8.GetBytes(current))), new FirehoseRequestHeaders { RequestId = requestId, ContentType = "application/json" }, new FirehoseParserOptions(), CancellationToken.None);
        h.Capture.Add("FirehoseParseResult", parsed.ToString());
        h.Capture.Add("FirehoseDelivery", parsed.Delivery?.ToString());
        parsed.Delivery?.Dispose();
        h.Capture.Add("FirehoseError", new FirehoseError(FirehoseErrorCode.InvalidAccessKey, "The access key is not valid.").ToString());

        // Configuration errors name the setting, not the key.
        var badKey = h.NewKey(5000);
        var services = new ServiceCollection().AddLogging().AddFirehoseAuth(o => o.AccessKey = badKey + "\n");
        using (var provider = services.BuildServiceProvider())
        {
            var error = Assert.ThrowsAny<OptionsValidationException>(() => provider.GetRequiredService<IOptions<FirehoseAuthOptions>>().Value);
            h.Capture.AddException("options validation", error);
        }

        h.Capture.AddException("AccessKeySet constructor", Record.Exception(() => new AccessKeySet(badKey + "\n")));

        h.Ledger.AssertInvariants(expectedLegitimate: h.Ledger.Total - 7, expectedUnauthenticated: 7);
        h.AssertNoSecretLeaked();
    }

    [Fact]
    public async Task The_sweep_finds_a_key_written_to_a_log_in_base64_or_truncated()
    {
        await using var h = await FaultHarness.CreateAsync();
        var key = h.NewKey();
        h.Rotate(key);
        await h.StartReceiverAsync();
        await h.WaitForFirstLoadAsync();
        Assert.Equal(200, await h.DeliverAsync(key, legitimate: true, "current"));
        var logger = h.Server.Services.GetRequiredService<ILoggerFactory>().CreateLogger("Planted");
#pragma warning disable CA1848, CA2254 // a deliberate leak, to prove the sweep can fail
        logger.LogTrace("presented " + Convert.ToBase64String(Encoding.UTF8.GetBytes(key)));
        Assert.ThrowsAny<Xunit.Sdk.XunitException>(h.AssertNoSecretLeaked);

        await using var h2 = await FaultHarness.CreateAsync();
        var key2 = h2.NewKey();
        h2.Rotate(key2);
        await h2.StartReceiverAsync();
        await h2.WaitForFirstLoadAsync();
        Assert.Equal(200, await h2.DeliverAsync(key2, legitimate: true, "current"));
        h2.Server.Services.GetRequiredService<ILoggerFactory>().CreateLogger("Planted").LogTrace("presented " + key2[3..17] + "…");
#pragma warning restore CA1848, CA2254
        Assert.ThrowsAny<Xunit.Sdk.XunitException>(h2.AssertNoSecretLeaked);
    }
}
