using FirehoseAuth.AspNetCore.Tests.Infrastructure;
using FirehoseAuth.Testing;

namespace FirehoseAuth.AspNetCore.Tests;

/// <summary>Dogfood: the endpoint on Kestrel driven by FirehoseAuth.Testing's sender, which also judges every answer.</summary>
public sealed class FirehoseEndpointSenderTests
{
    [Fact]
    public async Task A_gzip_delivery_sent_as_Firehose_sends_it_is_decompressed_and_its_answer_breaks_no_response_rule()
    {
        await using var server = await FirehoseTestServer.StartAsync(o => o.AccessKey = Deliveries.Key);
        using var client = new HttpClient(new SocketsHttpHandler { UseProxy = false }) { BaseAddress = server.BaseAddress, Timeout = Timeout.InfiniteTimeSpan };
        var sender = new FirehoseSender(client, new Uri(FirehoseTestServer.Path, UriKind.Relative), _ => Deliveries.Key, new FirehoseSenderOptions { RetryDuration = TimeSpan.Zero });
        var records = Enumerable.Range(0, 200).Select(i => Deliveries.Utf8($"{{\"line\":{i},\"text\":\"{new string('x', i)}\"}}")).ToArray();

        var outcome = await sender.SendAsync(new SimulatedDelivery(FirehoseRecords.FromBytes(records)) { Gzip = true });

        Assert.True(outcome.IsDelivered, outcome.ToString());
        Assert.Empty(Assert.Single(outcome.Attempts).Violations);
        var received = Assert.Single(server.Received);
        Assert.Equal(outcome.RequestId, received.RequestId);
        Assert.Equal(records, received.Records);
    }
}
