using System.Net;
using System.Text;
using System.Text.Json;
using FirehoseAuth.AspNetCore.Tests.Infrastructure;

namespace FirehoseAuth.AspNetCore.Tests;

/// <summary>The FirehoseReceiver sample as a user runs it: a separate process, its NDJSON on standard output.</summary>
public sealed class ReceiverProcessTests
{
    /// <summary>The demo key, read from the sample's own appsettings.json (so the README's curl works against the default).</summary>
    private static string DemoKey()
    {
        using var settings = JsonDocument.Parse(
            File.ReadAllText(Path.Combine(ReceiverProcess.SampleFolder, "appsettings.json")),
            new JsonDocumentOptions { CommentHandling = JsonCommentHandling.Skip });
        return settings.RootElement.GetProperty("FirehoseAuth").GetProperty("AccessKey").GetString()!;
    }

    [Fact]
    public async Task The_receiver_writes_one_NDJSON_line_per_record_before_answering_200()
    {
        await using var receiver = await ReceiverProcess.StartAsync();
        using var client = new HttpClient { BaseAddress = receiver.BaseAddress };
        var requestId = Deliveries.NewRequestId();
        byte[][] records = [Encoding.UTF8.GetBytes("{\"msg\":\"hello\"}"), Encoding.UTF8.GetBytes("héllo ✓ \"quoted\"\n"), [0xC3, 0x28, 0xFF], []];

        using var request = Deliveries.Request(requestId, Deliveries.Body(requestId, records), key: DemoKey());
        using var response = await client.SendAsync(request);

        // Written (and flushed) before the 200; stdout is read on another thread, which may lag the HTTP answer.
        var linesWhenAnswered = await receiver.ReadLinesAsync(records.Length);
        linesWhenAnswered.AddRange(receiver.DrainLines());

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal(records.Length, linesWhenAnswered.Count);
        for (var i = 0; i < records.Length; i++)
        {
            using var line = JsonDocument.Parse(linesWhenAnswered[i]);
            var root = line.RootElement;
            Assert.Equal(requestId, root.GetProperty("requestId").GetString());
            Assert.Equal(i, root.GetProperty("index").GetInt32());
            Assert.Equal(Deliveries.Timestamp, root.GetProperty("timestamp").GetInt64());
            if (i == 2)
            {
                Assert.False(root.TryGetProperty("data", out _));
                Assert.Equal(records[i], root.GetProperty("dataBase64").GetBytesFromBase64());
            }
            else
            {
                Assert.False(root.TryGetProperty("dataBase64", out _));
                Assert.Equal(Encoding.UTF8.GetString(records[i]), root.GetProperty("data").GetString());
            }
        }
    }

    [Fact]
    public async Task The_receiver_refuses_a_wrong_key_and_writes_nothing()
    {
        await using var receiver = await ReceiverProcess.StartAsync();
        using var client = new HttpClient { BaseAddress = receiver.BaseAddress };
        var requestId = Deliveries.NewRequestId();

        using var request = Deliveries.Request(requestId, Deliveries.Body(requestId, [1]), key: DemoKey() + "x");
        using var response = await client.SendAsync(request);

        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
        Assert.Empty(receiver.DrainLines());
    }

    [Fact]
    public async Task An_environment_variable_replaces_the_demo_key()
    {
        await using var receiver = await ReceiverProcess.StartAsync(new Dictionary<string, string> { ["FirehoseAuth__AccessKey"] = "from-the-environment-1234" });
        using var client = new HttpClient { BaseAddress = receiver.BaseAddress };
        var first = Deliveries.NewRequestId();
        var second = Deliveries.NewRequestId();

        using var demo = await client.SendAsync(Deliveries.Request(first, Deliveries.Body(first, [1]), key: DemoKey()));
        using var configured = await client.SendAsync(Deliveries.Request(second, Deliveries.Body(second, [1]), key: "from-the-environment-1234"));

        Assert.Equal(HttpStatusCode.Unauthorized, demo.StatusCode);
        Assert.Equal(HttpStatusCode.OK, configured.StatusCode);
    }

    [Fact]
    public async Task The_health_endpoint_reports_healthy_with_the_demo_key()
    {
        await using var receiver = await ReceiverProcess.StartAsync();
        using var client = new HttpClient { BaseAddress = receiver.BaseAddress };

        using var response = await client.GetAsync(new Uri("/healthz", UriKind.Relative));

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("Healthy", await response.Content.ReadAsStringAsync());
    }
}
