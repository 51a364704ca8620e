using System.Net;
using FirehoseAuth.AspNetCore.Tests.Adversarial;
using FirehoseAuth.AspNetCore.Tests.Infrastructure;
using FirehoseAuth.Protocol;
using FirehoseAuth.Tests.Secrets.Fakes;
using Microsoft.AspNetCore.Server.Kestrel.Core;

namespace FirehoseAuth.AspNetCore.Tests;

/// <summary>Body handling at the edges: refused bodies are not read, legal large bodies and headers are accepted.</summary>
public sealed class FirehoseEndpointBodyTests
{
    [Theory]
    [InlineData(null)]
    [InlineData("wrong-key")]
    public async Task An_unauthenticated_64_MiB_body_is_refused_without_being_read(string? key)
    {
        await using var server = await FirehoseTestServer.StartAsync(o => o.AccessKey = Deliveries.Key);
        var (requestId, pulled, answered) = await UnauthenticatedLargeBody.SendAsync(server.Client, key);

        // The server answered 401 from the headers alone...
        await Eventually.TrueAsync(() => server.Logs.GetSnapshot().Any(r => r.Message.Contains(requestId, StringComparison.Ordinal) && r.Message.Contains("401", StringComparison.Ordinal)), "the 401 to be answered");

        // ...and neither read the body nor drained it: all the client could push is what fits in socket and server buffers.
        Assert.True(pulled < FirehoseParserOptions.FirehoseMaxBodySize / 4, $"{pulled:N0} of {FirehoseParserOptions.FirehoseMaxBodySize:N0} bytes were sent");
        Console.WriteLine($"unauthenticated 64 MiB body: {pulled:N0} bytes left the client, answer {(answered ? "received" : "lost to the reset")}");
    }

    [Theory]
    [InlineData("wrong-key", "application/json", 401)]
    [InlineData(Deliveries.Key, "application/json", 403)]
    [InlineData(Deliveries.Key, "text/plain", 415)]
    public async Task A_body_refused_from_its_headers_is_never_sent_with_Expect_100_continue(string key, string contentType, int expected)
    {
        await using var server = await FirehoseTestServer.StartAsync(o =>
        {
            o.AccessKey = Deliveries.Key;
            if (expected == 403)
            {
                o.AllowedSourceArns.Add("arn:aws:firehose:us-east-1:123456789012:deliverystream/other");
            }
        });
        var requestId = Deliveries.NewRequestId();
        var content = new CountingContent(FirehoseParserOptions.FirehoseMaxBodySize);

        var request = Deliveries.Request(requestId, content, key: key, contentType: contentType);
        request.Headers.ExpectContinue = true;
        var response = await server.SendAsync(request);

        Assert.Equal(expected, response.StatusCode);
        Assert.Equal(requestId, response.RequestId);
        Assert.Equal(0, content.Pulled); // Kestrel sends 100 Continue only when the application reads the body.
    }

    /// <summary>
    /// Bodies of a few MiB are decoded from Kestrel's segments as they arrive (more than the 1 MiB Kestrel buffers before
    /// it pauses a connection). A space before the last record makes that path give up after about 4 MiB: the bytes it
    /// consumed are written again, the rest is read after them, and the records must still arrive intact. Gzip'd, the
    /// body is walked as it is gunzipped instead, and where that path gives up the whole body is gunzipped again.
    /// </summary>
    [Theory]
    [InlineData(false, false)]
    [InlineData(true, false)]
    [InlineData(false, true)]
    [InlineData(true, true)]
    public async Task A_delivery_of_several_MiB_arrives_intact(bool spaceBeforeTheLastRecord, bool gzip)
    {
        var received = new List<byte[]>();
        await using var server = await FirehoseTestServer.StartAsync(
            o => o.AccessKey = Deliveries.Key,
            handler: (delivery, _) =>
            {
                foreach (var record in delivery.Records)
                {
                    received.Add(record.ToArray());
                }

                return ValueTask.CompletedTask;
            });
        var random = new Random(7);
        var records = Enumerable.Range(0, 40).Select(_ => new byte[random.Next(0, 200_000)]).ToArray();
        Array.ForEach(records, random.NextBytes);
        var requestId = Deliveries.NewRequestId();
        var body = Deliveries.Body(requestId, records);
        if (spaceBeforeTheLastRecord)
        {
            var last = body.AsSpan().LastIndexOf(",{\"data\""u8);
            body = [.. body[..(last + 1)], (byte)' ', .. body[(last + 1)..]];
        }

        using var request = gzip ? Deliveries.Request(requestId, Deliveries.Gzip(body), contentEncoding: "gzip") : Deliveries.Request(requestId, body);
        using var message = await server.Client.SendAsync(request);

        Assert.Equal(HttpStatusCode.OK, message.StatusCode);
        Assert.Equal(records, received);
    }

    [Fact]
    public async Task A_legal_delivery_larger_than_Kestrels_default_30_MB_limit_is_accepted()
    {
        var received = 0L;
        await using var server = await FirehoseTestServer.StartAsync(
            o => o.AccessKey = Deliveries.Key,
            handler: (delivery, _) =>
            {
                foreach (var record in delivery.Records)
                {
                    received += record.Length;
                }

                return ValueTask.CompletedTask;
            });
        var requestId = Deliveries.NewRequestId();
        var records = Enumerable.Range(0, 24).Select(i => Enumerable.Repeat((byte)i, FirehoseParserOptions.FirehoseMaxRecordSize).ToArray()).ToArray();
        var body = Deliveries.Body(requestId, records);
        Assert.True(body.Length > 30_000_000);

        using var request = Deliveries.Request(requestId, body);
        using var message = await server.Client.SendAsync(request);

        Assert.Equal(HttpStatusCode.OK, message.StatusCode);
        Assert.Equal(24L * FirehoseParserOptions.FirehoseMaxRecordSize, received);
    }

    [Fact]
    public async Task A_gzip_body_over_a_lowered_limit_once_decompressed_is_answered_413()
    {
        await using var server = await FirehoseTestServer.StartAsync(o =>
        {
            o.AccessKey = Deliveries.Key;
            o.Limits.MaxBodySize = 64 * 1024;
        });
        var requestId = Deliveries.NewRequestId();
        var compressed = Deliveries.Gzip(Deliveries.Body(requestId, new byte[256 * 1024]));
        Assert.True(compressed.Length < 64 * 1024);

        var response = await server.SendAsync(Deliveries.Request(requestId, compressed, contentEncoding: "gzip"));

        Assert.Equal(413, response.StatusCode);
    }

    [Fact]
    public async Task The_largest_legal_headers_are_accepted_with_ConfigureForFirehose()
    {
        await using var server = await FirehoseTestServer.StartAsync(o => o.AccessKey = new string('k', 4096), kestrel: k => k.ConfigureForFirehose());
        var requestId = Deliveries.NewRequestId();
        var attributes = HeaderCases.AttributesJson(50, 256, 1024);
        Assert.True(attributes.Length > 32 * 1024);

        using var request = Deliveries.Request(requestId, Deliveries.Body(requestId, [1]), key: new string('k', 4096), commonAttributes: attributes);
        using var message = await server.Client.SendAsync(request);

        Assert.Equal(HttpStatusCode.OK, message.StatusCode);
        Assert.Equal(50, Assert.Single(server.Received).CommonAttributes.Count);
    }

    [Fact]
    public async Task Without_ConfigureForFirehose_Kestrel_refuses_those_headers()
    {
        await using var server = await FirehoseTestServer.StartAsync(o => o.AccessKey = Deliveries.Key);
        var requestId = Deliveries.NewRequestId();
        using var request = Deliveries.Request(requestId, Deliveries.Body(requestId, [1]), commonAttributes: "{\"commonAttributes\":{\"a\":\"" + new string('v', 40 * 1024) + "\"}}");

        using var message = await server.Client.SendAsync(request);

        Assert.Equal(HttpStatusCode.RequestHeaderFieldsTooLarge, message.StatusCode);
    }
}
