using System.Text;
using FirehoseAuth.Testing.Tests.Infrastructure;

namespace FirehoseAuth.Testing.Tests.Sending;

/// <summary>The project's own endpoint (Kestrel on loopback) driven by the sender: dogfood.</summary>
public sealed class FirehoseSenderEndToEndTests
{
    [Fact]
    public async Task A_gzip_delivery_with_common_attributes_is_delivered_first_time_and_the_handler_sees_every_record()
    {
        await using var endpoint = await ProjectEndpoint.StartAsync();
        using var client = new HttpClient { Timeout = Timeout.InfiniteTimeSpan };
        var sender = new FirehoseSender(client, endpoint.Url, _ => ProjectEndpoint.Key);
        var records = FirehoseRecords.FromStrings("one", "", "three ✓");
        var delivery = new SimulatedDelivery(records) { Gzip = true, CommonAttributes = new Dictionary<string, string> { ["env"] = "test" } };

        var outcome = await sender.SendAsync(delivery);

        Assert.True(outcome.IsDelivered, outcome.ToString());
        var received = Assert.Single(endpoint.Received);
        Assert.Equal(delivery.RequestId, received.RequestId);
        Assert.Equal(["one", "", "three ✓"], received.Records.Select(r => Encoding.UTF8.GetString(r)));
    }

    [Fact]
    public async Task A_key_rotated_between_attempts_is_refused_then_delivered_with_the_same_request_id()
    {
        await using var endpoint = await ProjectEndpoint.StartAsync();
        using var client = new HttpClient { Timeout = Timeout.InfiniteTimeSpan };
        var options = new FirehoseSenderOptions { InitialBackoff = TimeSpan.Zero, MaxBackoff = TimeSpan.Zero };
        var sender = new FirehoseSender(client, endpoint.Url, attempt => attempt == 1 ? "stale-key-from-before-rotation" : ProjectEndpoint.Key, options);

        var outcome = await sender.SendRecordsAsync(FirehoseRecords.FromStrings("rotated"));

        Assert.Equal(FirehoseDeliveryVerdict.Delivered, outcome.Verdict);
        Assert.Equal([401, 200], outcome.Attempts.Select(a => a.StatusCode ?? 0));
        Assert.Equal(["stale-key-from-before-rotation", ProjectEndpoint.Key], outcome.Attempts.Select(a => a.AccessKey));
        Assert.Empty(outcome.Attempts[0].Violations);
        Assert.Equal(outcome.RequestId, Assert.Single(endpoint.Received).RequestId);
        Assert.DoesNotContain(ProjectEndpoint.Key, outcome.ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Batches_of_a_record_stream_are_each_delivered()
    {
        await using var endpoint = await ProjectEndpoint.StartAsync();
        using var client = new HttpClient { Timeout = Timeout.InfiniteTimeSpan };
        var sender = new FirehoseSender(client, endpoint.Url, _ => ProjectEndpoint.Key);
        var lines = string.Join('\n', Enumerable.Range(0, 25_000).Select(i => $"{{\"i\":{i}}}"));
        var hints = new FirehoseBufferingHints { SizeInMiB = 64 };

        var batches = 0;
        await foreach (var batch in FirehoseBatcher.BatchAsync(FirehoseRecords.FromLinesAsync(new StringReader(lines), keepNewline: true), hints))
        {
            Assert.True((await sender.SendRecordsAsync(batch)).IsDelivered);
            batches++;
        }

        Assert.Equal(3, batches);
        Assert.Equal(25_000, endpoint.Received.Sum(d => d.Records.Length));
        Assert.Equal("{\"i\":24999}\n", Encoding.UTF8.GetString(endpoint.Received.Last().Records[^1]));
    }
}
