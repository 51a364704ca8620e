using System.Net;
using System.Text.Json;
using FirehoseAuth.AspNetCore.Tests.Infrastructure;

namespace FirehoseAuth.AspNetCore.Tests;

/// <summary>The sample receiver serving several streams from configuration, as a separate process.</summary>
public sealed class ReceiverStreamsTests
{
    private const string LogsKey = "logs-receiver-key-0123456789abcdef";
    private const string MetricsKey = "metrics-receiver-key-0123456789ab";

    [Fact]
    public async Task Every_configured_stream_is_served_at_its_own_path_with_its_own_key_and_its_lines_name_it()
    {
        await using var receiver = await ReceiverProcess.StartAsync(new Dictionary<string, string>
        {
            ["FirehoseAuth__AccessKey"] = Deliveries.Key,
            ["FirehoseAuth__Streams__logs__AccessKey"] = LogsKey,
            ["FirehoseAuth__Streams__metrics__AccessKey"] = MetricsKey,
        });
        using var client = new HttpClient { BaseAddress = receiver.BaseAddress };

        async Task<HttpStatusCode> SendAsync(string path, string key, string requestId)
        {
            using var request = Deliveries.Request(requestId, Deliveries.Body(requestId, Deliveries.Utf8("r")), key);
            request.RequestUri = new Uri(path, UriKind.Relative);
            using var response = await client.SendAsync(request);
            return response.StatusCode;
        }

        var ids = new[] { Deliveries.NewRequestId(), Deliveries.NewRequestId(), Deliveries.NewRequestId() };
        Assert.Equal(HttpStatusCode.OK, await SendAsync("/firehose", Deliveries.Key, ids[0]));
        Assert.Equal(HttpStatusCode.OK, await SendAsync("/firehose/logs", LogsKey, ids[1]));
        Assert.Equal(HttpStatusCode.OK, await SendAsync("/firehose/metrics", MetricsKey, ids[2]));
        Assert.Equal(HttpStatusCode.Unauthorized, await SendAsync("/firehose/logs", MetricsKey, Deliveries.NewRequestId()));
        Assert.Equal(HttpStatusCode.Unauthorized, await SendAsync("/firehose", LogsKey, Deliveries.NewRequestId()));

        var lines = await receiver.ReadLinesAsync(3);
        lines.AddRange(receiver.DrainLines());
        var streams = lines.Select(l => JsonDocument.Parse(l).RootElement).ToDictionary(
            e => e.GetProperty("requestId").GetString()!,
            e => e.TryGetProperty("stream", out var s) ? s.GetString() : null);
        Assert.Equal(3, streams.Count);
        Assert.Null(streams[ids[0]]);
        Assert.Equal("logs", streams[ids[1]]);
        Assert.Equal("metrics", streams[ids[2]]);
    }
}
