using System.IO.Compression;
using FirehoseAuth.Protocol;
using Microsoft.Extensions.DependencyInjection;
using static FirehoseAuth.Pipeline.Tests.PipelineHarness;

namespace FirehoseAuth.Pipeline.Tests;

/// <summary>Every status of Firehose's table, produced by the core pipeline with no ASP.NET Core in the process.</summary>
public sealed class StatusTableTests
{
    [Fact]
    public async Task A_well_formed_delivery_is_handled_then_answered_200_with_its_request_id_and_the_time_in_ms()
    {
        using var harness = Create(_ => { });
        var handler = new RecordingHandler();
        var id = NewRequestId();

        var answer = await SendAsync(harness.Pipeline(), Request(id, Body(id, "hello", "")), handler);

        Assert.Equal(200, answer.Status);
        Assert.Null(answer.Result.ErrorCode);
        Assert.False(answer.Result.CloseConnection);
        Assert.Equal(["hello", ""], handler.Records);
        Assert.Equal($"{{\"requestId\":\"{id}\",\"timestamp\":{Now.ToUnixTimeMilliseconds()}}}", System.Text.Encoding.UTF8.GetString(answer.Body));
    }

    [Fact]
    public async Task A_body_given_as_a_stream_is_parsed_like_a_pipe()
    {
        using var harness = Create(_ => { });
        var handler = new RecordingHandler();
        var id = NewRequestId();
        var body = Body(id, "from a stream");
        var request = new TestRequest("POST", Headers(id), bodyReader: null, new MemoryStream(body), body.Length);

        var answer = await SendAsync(harness.Pipeline(), request, handler);

        Assert.Equal(200, answer.Status);
        Assert.Equal(["from a stream"], handler.Records);
    }

    [Fact]
    public async Task A_gzip_body_is_accepted()
    {
        using var harness = Create(_ => { });
        var handler = new RecordingHandler();
        var id = NewRequestId();

        var answer = await SendAsync(harness.Pipeline(), Request(id, Gzip(Body(id, "zipped")), edit: h => h["Content-Encoding"] = "gzip"), handler);

        Assert.Equal(200, answer.Status);
        Assert.Equal(["zipped"], handler.Records);
    }

    public static TheoryData<string, int, FirehoseErrorCode> RefusedBeforeTheBody => new()
    {
        { "GET", 405, FirehoseErrorCode.MethodNotAllowed },
        { "missing key", 401, FirehoseErrorCode.MissingAccessKey },
        { "wrong key", 401, FirehoseErrorCode.InvalidAccessKey },
        { "repeated key", 401, FirehoseErrorCode.InvalidAccessKey },
        { "source not allowed", 403, FirehoseErrorCode.SourceArnNotAllowed },
        { "text/plain", 415, FirehoseErrorCode.UnsupportedMediaType },
        { "br", 415, FirehoseErrorCode.UnsupportedMediaType },
        { "bad common attributes", 400, FirehoseErrorCode.InvalidCommonAttributes },
    };

    [Theory]
    [MemberData(nameof(RefusedBeforeTheBody))]
    public async Task A_request_refused_from_its_headers_is_answered_without_reading_the_body(string @case, int status, FirehoseErrorCode code)
    {
        // Only the allow-list case has one: every other check comes before (or after) it and must not depend on it.
        using var harness = Create(o =>
        {
            if (@case == "source not allowed")
            {
                o.AllowedSourceArns.Add("arn:aws:firehose:us-east-1:123456789012:deliverystream/other");
            }
        });
        var handler = new RecordingHandler();
        var id = NewRequestId();
        var body = Body(id, "never read");
        var request = @case switch
        {
            "GET" => Request(id, body, method: "GET"),
            "missing key" => Request(id, body, key: null),
            "wrong key" => Request(id, body, key: OtherKey),
            "repeated key" => Request(id, body, edit: h => h[FirehoseHeaderNames.AccessKey] = new([Key, Key])),
            "text/plain" => Request(id, body, edit: h => h["Content-Type"] = "text/plain"),
            "br" => Request(id, body, edit: h => h["Content-Encoding"] = "br"),
            "bad common attributes" => Request(id, body, edit: h => h[FirehoseHeaderNames.CommonAttributes] = "{\"commonAttributes\":"),
            _ => Request(id, body),
        };
        var answer = await SendAsync(harness.Pipeline(), request, handler);

        Assert.Equal(status, answer.Status);
        Assert.Equal(code, answer.Result.ErrorCode);
        Assert.True(answer.Result.CloseConnection);
        Assert.Equal(0, ((TrackingPipeReader)request.BodyReader!).Reads);
        Assert.Equal(0, handler.Calls);
        Assert.Equal(id, answer.RequestId);
        Assert.False(string.IsNullOrEmpty(answer.ErrorMessage));
        Assert.DoesNotContain(Key, System.Text.Encoding.UTF8.GetString(answer.Body), StringComparison.Ordinal);
    }

    [Fact]
    public async Task No_key_set_loaded_is_answered_503_before_the_body_never_fail_open()
    {
        using var harness = Create(more: s => s
            .AddSingleton<FirehoseAuth.Authentication.IAccessKeySetProvider>(new NotLoadedKeySource())
            .AddFirehoseAuth(_ => { }));
        var handler = new RecordingHandler();
        var id = NewRequestId();
        var request = Request(id, Body(id, "x"));

        var answer = await SendAsync(harness.Pipeline(), request, handler);

        Assert.Equal(503, answer.Status);
        Assert.Equal(FirehoseErrorCode.KeysUnavailable, answer.Result.ErrorCode);
        Assert.Equal(0, ((TrackingPipeReader)request.BodyReader!).Reads);
        Assert.Equal(0, handler.Calls);
    }

    public static TheoryData<string, int, FirehoseErrorCode> RefusedFromTheBody => new()
    {
        { "{\"requestId\":", 400, FirehoseErrorCode.MalformedBody },
        { "{\"requestId\":\"OTHER\",\"timestamp\":1,\"records\":[{\"data\":\"\"}]}", 400, FirehoseErrorCode.RequestIdMismatch },
        { "{\"requestId\":\"ID\",\"timestamp\":1,\"records\":[{\"data\":\"%%%\"}]}", 400, FirehoseErrorCode.InvalidRecordData },
        { "{\"requestId\":\"ID\",\"timestamp\":1,\"records\":[{\"data\":\"AAAA\"},{\"data\":\"AAAA\"},{\"data\":\"AAAA\"}]}", 413, FirehoseErrorCode.PayloadTooLarge },
    };

    [Theory]
    [MemberData(nameof(RefusedFromTheBody))]
    public async Task A_body_that_does_not_parse_is_answered_from_the_parser_and_the_handler_never_runs(string body, int status, FirehoseErrorCode code)
    {
        using var harness = Create(o => o.Limits.MaxRecordCount = 2);
        var handler = new RecordingHandler();
        var id = NewRequestId();

        var answer = await SendAsync(harness.Pipeline(), Request(id, System.Text.Encoding.UTF8.GetBytes(body.Replace("\"ID\"", $"\"{id}\"", StringComparison.Ordinal))), handler);

        Assert.Equal(status, answer.Status);
        Assert.Equal(code, answer.Result.ErrorCode);
        Assert.Equal(0, handler.Calls);
        Assert.Equal(id, answer.RequestId); // The header's request id, even when the body's differs.
    }

    [Theory]
    [InlineData(1024, 200)]
    [InlineData(1025, 413)]
    public async Task A_declared_Content_Length_over_a_lowered_MaxBodySize_is_answered_413_before_the_body_is_read(int length, int status)
    {
        using var harness = Create(o => o.Limits.MaxBodySize = 1024);
        var handler = new RecordingHandler();
        var id = NewRequestId();
        var body = Body(id, "x");
        body = [.. body, .. Enumerable.Repeat((byte)' ', length - body.Length)]; // JSON allows trailing whitespace.
        var request = Request(id, body);

        var answer = await SendAsync(harness.Pipeline(), request, handler);

        Assert.Equal(length, request.ContentLength);
        Assert.Equal(status, answer.Status);
        Assert.Equal(id, answer.RequestId);
        if (status == 413)
        {
            Assert.Equal(FirehoseErrorCode.PayloadTooLarge, answer.Result.ErrorCode);
            Assert.True(answer.Result.CloseConnection);
            Assert.Equal(0, ((TrackingPipeReader)request.BodyReader!).Reads);
            Assert.Equal(0, handler.Calls);
        }
        else
        {
            Assert.Equal(["x"], handler.Records);
        }
    }

    [Theory]
    [InlineData("not gzip")]
    [InlineData("truncated")]
    [InlineData("wrong CRC")]
    [InlineData("wrong length")]
    public async Task A_corrupt_gzip_body_is_answered_400_and_the_handler_never_runs(string corruption)
    {
        using var harness = Create(_ => { });
        var handler = new RecordingHandler();
        var id = NewRequestId();
        var body = Gzip(Body(id, "zipped"));
        switch (corruption)
        {
            case "not gzip":
                body = Body(id, "plain");
                break;
            case "truncated":
                body = body[..(body.Length / 2)];
                break;
            case "wrong CRC":
                body[^8] ^= 0xFF; // The trailer: CRC-32, then the uncompressed length, little-endian.
                break;
            default:
                body[^4] ^= 0xFF;
                break;
        }

        var answer = await SendAsync(harness.Pipeline(), Request(id, body, edit: h => h["Content-Encoding"] = "gzip"), handler);

        Assert.Equal(400, answer.Status);
        Assert.Equal(FirehoseErrorCode.InvalidContentEncoding, answer.Result.ErrorCode);
        Assert.Equal(0, handler.Calls);
        Assert.Equal(id, answer.RequestId);
        Assert.False(string.IsNullOrEmpty(answer.ErrorMessage));
    }

    [Theory]
    [InlineData(FirehoseBodyReadFailure.Unreadable, true, 400, FirehoseErrorCode.MalformedBody)]
    [InlineData(FirehoseBodyReadFailure.OverSizeLimit, true, 413, FirehoseErrorCode.PayloadTooLarge)]
    [InlineData(FirehoseBodyReadFailure.OverSizeLimit, false, 500, FirehoseErrorCode.ServerBodyLimitNotRaised)]
    public async Task A_body_the_host_refuses_is_answered_by_what_the_host_says_and_whether_its_limit_was_raised(FirehoseBodyReadFailure failure, bool canRaise, int status, FirehoseErrorCode code)
    {
        using var harness = Create(_ => { });
        var id = NewRequestId();
        var body = Body(id, "x");
        var request = new TestRequest("POST", Headers(id), new TrackingPipeReader(body, new HostRefusedBodyException()), null, body.Length, canRaise, failure);

        var answer = await SendAsync(harness.Pipeline(), request, new RecordingHandler());

        Assert.Equal(status, answer.Status);
        Assert.Equal(code, answer.Result.ErrorCode);
        Assert.True(answer.Result.CloseConnection);
        Assert.Equal(FirehoseParserOptions.FirehoseMaxBodySize + (FirehoseParserOptions.FirehoseMaxBodySize / 1024) + 1024, request.RaisedTo.Value);
    }

    [Fact]
    public async Task An_exception_the_host_does_not_claim_propagates()
    {
        using var harness = Create(_ => { });
        var id = NewRequestId();
        var body = Body(id, "x");
        var request = new TestRequest("POST", Headers(id), new TrackingPipeReader(body, new IOException("connection reset")), null, body.Length);

        await Assert.ThrowsAsync<IOException>(() => SendAsync(harness.Pipeline(), request, new RecordingHandler()));
    }

    [Fact]
    public async Task A_handler_failure_is_answered_500_with_a_safe_message_and_logged_with_its_exception()
    {
        using var harness = Create(_ => { });
        var id = NewRequestId();
        var failure = new InvalidOperationException("database is down: password=hunter2");

        var answer = await SendAsync(harness.Pipeline(), Request(id, Body(id, "x")), new RecordingHandler(failure));

        Assert.Equal(500, answer.Status);
        Assert.Equal(FirehoseErrorCode.HandlerFailed, answer.Result.ErrorCode);
        Assert.False(answer.Result.CloseConnection); // The body was read whole.
        Assert.DoesNotContain("hunter2", answer.ErrorMessage, StringComparison.Ordinal);
        var logged = Assert.Single(harness.Logs.GetSnapshot(), r => r.Exception is not null);
        Assert.Same(failure, logged.Exception);
        Assert.Contains(id, logged.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task The_handler_sees_the_stream_the_host_context_and_the_request_services()
    {
        using var harness = Create(_ => { });
        var handler = new RecordingHandler();
        var id = NewRequestId();
        var host = new object();
        var body = Body(id, "x");
        var request = new TestRequest("POST", Headers(id), new TrackingPipeReader(body), null, body.Length, hostContext: host, services: harness.Services);

        await SendAsync(harness.Pipeline(), request, handler);

        var context = Assert.Single(handler.Contexts);
        Assert.Equal(FirehoseAuthOptions.DefaultStreamName, context.StreamName);
        Assert.Same(host, context.HostContext);
        Assert.Same(harness.Services, context.RequestServices);
        Assert.Equal((id, SourceArn), Assert.Single(handler.Deliveries));
    }

    private static byte[] Gzip(byte[] data)
    {
        using var compressed = new MemoryStream();
        using (var gzip = new GZipStream(compressed, CompressionLevel.Fastest, leaveOpen: true))
        {
            gzip.Write(data);
        }

        return compressed.ToArray();
    }
}
