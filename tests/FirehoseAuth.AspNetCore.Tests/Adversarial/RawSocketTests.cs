using Xunit.Abstractions;
using System.Diagnostics;
using System.Text;
using FirehoseAuth.AspNetCore.Tests.Infrastructure;
using FirehoseAuth.Protocol;

namespace FirehoseAuth.AspNetCore.Tests.Adversarial;

/// <summary>
/// Hostile requests that only a raw socket can send: lying Content-Length both ways, chunk framing, CR/LF/NUL inside
/// header values, obs-fold, over-long header lines, and a stalled (slow-loris) body.
/// </summary>
/// <remarks>
/// Where Kestrel refuses the request before the endpoint runs (its 400 for malformed framing, 431 for oversized
/// headers), the answer is Kestrel's and not Firehose's JSON: what protects the user is that no delivery reaches the
/// handler, the connection ends, and the server keeps serving. Firehose retries any non-200 either way.
/// </remarks>
[Collection(AdversarialCollection.Name)]
public sealed class RawSocketTests : IClassFixture<AdversarialServer>
{
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(10);
    private readonly AdversarialServer _server;

    private readonly ITestOutputHelper _output;

    public RawSocketTests(AdversarialServer server, ITestOutputHelper output)
    {
        _server = server;
        _output = output;
    }

    /// <summary>Header lines (raw, after the Firehose headers) that Kestrel must refuse as malformed or too large.</summary>
    public static TheoryData<string, string, int> KestrelRefusals => new()
    {
        { "CR inside a header value", "X-Amz-Firehose-Common-Attributes: {\"commonAttributes\":{}}\rX-Injected: 1\r\n", 400 },
        { "NUL inside a header value", "X-Amz-Firehose-Common-Attributes: {\"commonAttributes\":\0{}}\r\n", 400 },
        { "obs-fold continuation line", "X-Amz-Firehose-Common-Attributes: {\"commonAttributes\":\r\n {}}\r\n", 400 },
        { "Whitespace before a header's colon", "X-Amz-Firehose-Common-Attributes : {\"commonAttributes\":{}}\r\n", 400 },
        { "Two different Content-Length headers", "Content-Length: 5\r\n", 400 },
        { "Over-long header line of 300 KiB", "X-Amz-Firehose-Common-Attributes: " + new string('a', 300 * 1024) + "\r\n", 431 },
    };

    [Theory]
    [MemberData(nameof(KestrelRefusals))]
    public async Task Malformed_header_lines_are_refused_before_the_endpoint_and_the_server_keeps_serving(string name, string headerLines, int status)
    {
        var requestId = Deliveries.NewRequestId();
        var before = _server.Delivered;
        var body = Encoding.UTF8.GetBytes(HostileRequests.ValidJson(requestId));
        using var raw = await RawHttp.ConnectAsync(_server.Server.BaseAddress);
        await raw.SendAsync([.. RawHttp.Head(requestId, headerLines + $"Content-Length: {body.Length}\r\n"), .. body]);

        var response = await raw.ReadResponseAsync(Patience);

        Assert.True(response is not null, name);
        Assert.Equal(status, response.Status);
        Assert.True(await raw.ClosedWithinAsync(Patience), "Kestrel closes a connection it cannot frame");
        await AssertDeliveredThenStillServingAsync(before, 0);
    }

    /// <summary>
    /// CR LF, or a bare LF (RFC 9112 2.2 lets a server end a line at a bare LF, and Kestrel does), inside a header value
    /// cannot smuggle a key in: it ends the line, so the forged key arrives as a second access-key header, which is 401.
    /// </summary>
    [Theory]
    [InlineData("CR LF")]
    [InlineData("bare LF")]
    public async Task A_line_break_in_the_access_key_value_only_adds_a_second_key_header_which_is_401(string lineBreak)
    {
        var requestId = Deliveries.NewRequestId();
        var before = _server.Delivered;
        var body = Encoding.UTF8.GetBytes(HostileRequests.ValidJson(requestId));
        using var raw = await RawHttp.ConnectAsync(_server.Server.BaseAddress);
        var head = RawHttp.Head(requestId, $"Content-Length: {body.Length}\r\n", key: $"wrong{(lineBreak == "CR LF" ? "\r\n" : "\n")}{FirehoseHeaderNames.AccessKey}: {Deliveries.Key}");
        await raw.SendAsync([.. head, .. body]);

        var response = await raw.ReadResponseAsync(Patience);

        Answered(response).AssertFirehoseJson(401, requestId);
        await AssertDeliveredThenStillServingAsync(before, 0);
    }

    /// <summary>
    /// The client promises more body than it sends, then half-closes. Kestrel fails the body read; whether the 400 the
    /// endpoint then writes still reaches a half-closed client is Kestrel's choice (it treats the FIN as the client
    /// going away). What protects the user: no delivery, never a 200, the connection ends, every buffer returns.
    /// </summary>
    [Fact]
    public async Task Content_Length_longer_than_the_body_then_end_of_stream_is_never_accepted()
    {
        var requestId = Deliveries.NewRequestId();
        var before = _server.Delivered;
        var body = Encoding.UTF8.GetBytes(HostileRequests.ValidJson(requestId));
        using var raw = await RawHttp.ConnectAsync(_server.Server.BaseAddress);
        await raw.SendAsync([.. RawHttp.Head(requestId, $"Content-Length: {body.Length + 100}\r\n"), .. body]);
        raw.EndSending();

        var response = await raw.ReadResponseAsync(Patience);

        response?.AssertFirehoseJson(400, requestId);
        Assert.True(await raw.ClosedWithinAsync(Patience), "the connection ends");
        await AssertDeliveredThenStillServingAsync(before, 0);
    }

    [Fact]
    public async Task Content_Length_shorter_than_the_body_is_400_for_the_cut_document_and_the_rest_is_no_delivery()
    {
        var requestId = Deliveries.NewRequestId();
        var before = _server.Delivered;
        var body = Encoding.UTF8.GetBytes(HostileRequests.ValidJson(requestId));
        using var raw = await RawHttp.ConnectAsync(_server.Server.BaseAddress);
        await raw.SendAsync([.. RawHttp.Head(requestId, $"Content-Length: {body.Length - 10}\r\n"), .. body]);

        var response = await raw.ReadResponseAsync(Patience);

        Answered(response).AssertFirehoseJson(400, requestId);
        Assert.True(await raw.ClosedWithinAsync(Patience), "a refused request closes the connection, so the leftover bytes are never parsed");
        await AssertDeliveredThenStillServingAsync(before, 0);
    }

    [Fact]
    public async Task Bytes_smuggled_after_a_complete_delivery_are_not_a_second_delivery()
    {
        var requestId = Deliveries.NewRequestId();
        var before = _server.Delivered;
        var body = Encoding.UTF8.GetBytes(HostileRequests.ValidJson(requestId));
        var smuggledId = Deliveries.NewRequestId();
        var smuggledBody = Encoding.UTF8.GetBytes(HostileRequests.ValidJson(smuggledId));
        using var raw = await RawHttp.ConnectAsync(_server.Server.BaseAddress);

        // The second "request" is a body-less head glued to the first body: an HTTP/1.1 pipeline Kestrel must frame.
        await raw.SendAsync([.. RawHttp.Head(requestId, $"Content-Length: {body.Length}\r\n"), .. body, .. "GARBAGE / HTTP/1.1\r\n\r\n"u8, .. smuggledBody]);

        Answered(await raw.ReadResponseAsync(Patience)).AssertFirehoseJson(200, requestId);
        var second = await raw.ReadResponseAsync(Patience);
        Assert.True(second is null || second.Status != 200, "the smuggled bytes are not accepted");
        await AssertDeliveredThenStillServingAsync(before, 1);
    }

    [Fact]
    public async Task A_malformed_chunk_size_is_400()
    {
        var requestId = Deliveries.NewRequestId();
        var before = _server.Delivered;
        using var raw = await RawHttp.ConnectAsync(_server.Server.BaseAddress);
        await raw.SendAsync([.. RawHttp.Head(requestId, "Transfer-Encoding: chunked\r\n"), .. "zz\r\n{}\r\n0\r\n\r\n"u8]);

        var response = await raw.ReadResponseAsync(Patience);

        Answered(response).AssertFirehoseJson(400, requestId);
        await AssertDeliveredThenStillServingAsync(before, 0);
    }

    [Fact]
    public async Task A_chunked_body_without_Content_Length_is_accepted()
    {
        var requestId = Deliveries.NewRequestId();
        var before = _server.Delivered;
        var body = Encoding.UTF8.GetBytes(HostileRequests.ValidJson(requestId));
        using var raw = await RawHttp.ConnectAsync(_server.Server.BaseAddress);
        await raw.SendAsync([.. RawHttp.Head(requestId, "Transfer-Encoding: chunked\r\n"), .. Chunk(body[..7]), .. Chunk(body[7..]), .. "0\r\n\r\n"u8]);

        Answered(await raw.ReadResponseAsync(Patience)).AssertFirehoseJson(200, requestId);
        await AssertDeliveredThenStillServingAsync(before, 1);
    }

    [Fact]
    public async Task Transfer_Encoding_and_Content_Length_together_never_deliver_by_the_lying_length()
    {
        // RFC 9112 6.3: chunked wins over Content-Length (or the request is refused); Kestrel frames by the chunks.
        var requestId = Deliveries.NewRequestId();
        var before = _server.Delivered;
        var body = Encoding.UTF8.GetBytes(HostileRequests.ValidJson(requestId));
        using var raw = await RawHttp.ConnectAsync(_server.Server.BaseAddress);
        await raw.SendAsync([.. RawHttp.Head(requestId, "Content-Length: 5\r\nTransfer-Encoding: chunked\r\n"), .. Chunk(body), .. "0\r\n\r\n"u8]);

        var response = await raw.ReadResponseAsync(Patience);

        Assert.NotNull(response);
        if (response.Status == 200)
        {
            response.AssertFirehoseJson(200, requestId);
            await AssertDeliveredThenStillServingAsync(before, 1);
        }
        else
        {
            Assert.Equal(400, response.Status);
            await AssertDeliveredThenStillServingAsync(before, 0);
        }
    }

    /// <summary>
    /// A body that stalls after a few bytes is bounded by Kestrel's <c>MinRequestBodyDataRate</c> (240 bytes/s after a
    /// 5 s grace period, on by default and left on by <c>MapFirehoseEndpoint</c>): the body read fails, the endpoint's
    /// read is aborted, and the connection is answered or dropped. The request's cancellation token fires with it.
    /// </summary>
    [Fact]
    public async Task A_slow_loris_body_is_cut_off_within_a_bounded_time()
    {
        var requestId = Deliveries.NewRequestId();
        var before = _server.Delivered;
        using var raw = await RawHttp.ConnectAsync(_server.Server.BaseAddress);
        var clock = Stopwatch.StartNew();
        await raw.SendAsync([.. RawHttp.Head(requestId, "Content-Length: 100000\r\n"), .. "{\"requestId"u8]);

        // Stall: send nothing more. The server must end the exchange; give it 15 s at most.
        var response = await raw.ReadResponseAsync(TimeSpan.FromSeconds(15));
        if (response is not null)
        {
            Assert.NotEqual(200, response.Status);
            Assert.True(await raw.ClosedWithinAsync(TimeSpan.FromSeconds(15) - clock.Elapsed), "the connection is dropped after the answer");
        }

        _output.WriteLine($"slow loris ended after {clock.Elapsed.TotalSeconds:F1} s: {(response is null ? "connection dropped" : $"answered {response.Status}")}");
        Assert.True(clock.Elapsed < TimeSpan.FromSeconds(15), $"took {clock.Elapsed}");
        Assert.True(clock.Elapsed > TimeSpan.FromSeconds(4), $"the grace period is 5 s, cut off after {clock.Elapsed}");
        await AssertDeliveredThenStillServingAsync(before, 0);
    }

    [Fact]
    public async Task A_64_MiB_unauthenticated_body_is_refused_before_it_is_read()
    {
        var before = _server.Delivered;
        var (_, pulled, _) = await UnauthenticatedLargeBody.SendAsync(_server.Server.Client, "an-attacker-without-the-key");

        // What was pulled is what loopback socket buffers absorbed before the close, not the 64 MiB body.
        Assert.True(pulled < 16 * 1024 * 1024, $"{pulled} bytes were pulled");
        await AssertDeliveredThenStillServingAsync(before, 0);
    }

    private static RawHttpResponse Answered(RawHttpResponse? response)
    {
        Assert.True(response is not null, "the server closed the connection without answering");
        return response;
    }

    private static byte[] Chunk(byte[] data) => [.. Encoding.ASCII.GetBytes($"{data.Length:x}\r\n"), .. data, .. "\r\n"u8];

    private async Task AssertDeliveredThenStillServingAsync(long before, int deliveredByTheCase)
    {
        Assert.Equal(before + deliveredByTheCase, _server.Delivered);
        await _server.AssertStillServingAsync();
        await AdversarialServer.AssertPoolsDrainedAsync();
    }
}
