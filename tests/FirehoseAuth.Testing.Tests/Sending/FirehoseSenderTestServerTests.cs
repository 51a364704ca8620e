using System.Collections.Concurrent;
using FirehoseAuth.Protocol;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.TestHost;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace FirehoseAuth.Testing.Tests.Sending;

/// <summary>The README's claim: the sender works through the in-memory HttpClient of TestServer (what WebApplicationFactory uses).</summary>
public sealed class FirehoseSenderTestServerTests
{
    private const string Key = "test-server-key-0123456789";

    [Fact]
    public async Task A_gzip_delivery_through_the_in_memory_client_is_refused_for_a_stale_key_then_delivered_with_the_same_request_id()
    {
        var received = new ConcurrentQueue<(string RequestId, string Text)>();
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseTestServer();
        builder.Logging.ClearProviders();
        builder.Services.AddFirehoseAuth(o => o.AccessKey = Key);
        await using var app = builder.Build();
        app.MapFirehoseEndpoint("/firehose", (FirehoseDelivery delivery, CancellationToken _) =>
        {
            received.Enqueue((delivery.RequestId, System.Text.Encoding.UTF8.GetString(delivery.Records[0].Span)));
            return ValueTask.CompletedTask;
        });
        await app.StartAsync();
        using var client = app.GetTestClient();
        client.Timeout = Timeout.InfiniteTimeSpan;
        var options = new FirehoseSenderOptions { InitialBackoff = TimeSpan.Zero, MaxBackoff = TimeSpan.Zero };
        var sender = new FirehoseSender(client, new Uri("/firehose", UriKind.Relative), attempt => attempt == 1 ? "stale-key" : Key, options);

        var outcome = await sender.SendAsync(new SimulatedDelivery(FirehoseRecords.FromStrings("in memory ✓")) { Gzip = true });

        Assert.True(outcome.IsDelivered, outcome.ToString());
        Assert.Equal([401, 200], outcome.Attempts.Select(a => a.StatusCode ?? 0));
        Assert.All(outcome.Attempts, a => Assert.Empty(a.Violations));
        Assert.Equal((outcome.RequestId, "in memory ✓"), Assert.Single(received));
        await app.StopAsync();
    }
}
