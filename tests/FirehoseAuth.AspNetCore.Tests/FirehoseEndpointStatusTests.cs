using System.Net;
using System.Text;
using FirehoseAuth.AspNetCore.Tests.Infrastructure;
using FirehoseAuth.Authentication;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;

namespace FirehoseAuth.AspNetCore.Tests;

/// <summary>Every row of the status table in DESIGN.md, over real HTTP; every answer is Firehose's JSON with the request id.</summary>
public sealed class FirehoseEndpointStatusTests
{
    private static Task<FirehoseTestServer> StartAsync(Action<FirehoseAuthOptions>? configure = null, Func<FirehoseAuth.Protocol.FirehoseDelivery, CancellationToken, ValueTask>? handler = null, Action<IServiceCollection>? services = null)
        => FirehoseTestServer.StartAsync(
            o =>
            {
                o.AccessKey = Deliveries.Key;
                configure?.Invoke(o);
            },
            handler,
            services);

    [Fact]
    public async Task A_valid_delivery_is_answered_200_after_the_handler_saw_its_records()
    {
        var time = new FakeTimeProvider(new DateTimeOffset(2030, 5, 6, 7, 8, 9, 10, TimeSpan.Zero));
        await using var server = await StartAsync(services: s => s.AddSingleton<TimeProvider>(time));
        var requestId = Deliveries.NewRequestId();
        byte[][] records = [Deliveries.Utf8("{\"hello\":\"world\"}"), [], [0xFF, 0x00, 0x80]];

        var response = await server.SendAsync(Deliveries.Request(requestId, Deliveries.Body(requestId, records), commonAttributes: "{\"commonAttributes\":{\"env\":\"test\"}}"));

        Assert.Equal(200, response.StatusCode);
        Assert.Equal(requestId, response.RequestId);
        Assert.Equal(time.GetUtcNow().ToUnixTimeMilliseconds(), response.Timestamp);
        Assert.Null(response.ErrorMessage);
        var received = Assert.Single(server.Received);
        Assert.Equal(requestId, received.RequestId);
        Assert.Equal(Deliveries.Timestamp, received.TimestampMilliseconds);
        Assert.Equal(Deliveries.SourceArn, received.SourceArn);
        Assert.Equal("test", received.CommonAttributes["env"]);
        Assert.Equal(records, received.Records);
    }

    [Fact]
    public async Task The_previous_key_is_accepted_inside_its_window()
    {
        await using var server = await StartAsync(o =>
        {
            o.PreviousAccessKey = "the-previous-key";
            o.PreviousAccessKeyValidUntil = DateTimeOffset.UtcNow.AddHours(1);
        });
        var requestId = Deliveries.NewRequestId();

        var response = await server.SendAsync(Deliveries.Request(requestId, Deliveries.Body(requestId, [1]), key: "the-previous-key"));

        Assert.Equal(200, response.StatusCode);
    }

    public static TheoryData<string, string> MalformedBodies => new()
    {
        { "not JSON", "{\"requestId\":\"$ID\",\"timestamp\":1,\"records\":[{\"data\":\"AA==\"}" },
        { "bad base64", "{\"requestId\":\"$ID\",\"timestamp\":1,\"records\":[{\"data\":\"!!!!\"}]}" },
        { "no requestId", "{\"timestamp\":1,\"records\":[{\"data\":\"AA==\"}]}" },
        { "mismatched requestId", "{\"requestId\":\"00000000-0000-0000-0000-000000000000\",\"timestamp\":1,\"records\":[{\"data\":\"AA==\"}]}" },
        { "no records", "{\"requestId\":\"$ID\",\"timestamp\":1,\"records\":[]}" },
        { "string timestamp", "{\"requestId\":\"$ID\",\"timestamp\":\"1\",\"records\":[{\"data\":\"AA==\"}]}" },
    };

    [Theory]
    [MemberData(nameof(MalformedBodies))]
    public async Task A_malformed_body_is_answered_400_with_the_header_request_id(string why, string body)
    {
        await using var server = await StartAsync();
        var requestId = Deliveries.NewRequestId();

        var response = await server.SendAsync(Deliveries.Request(requestId, Encoding.UTF8.GetBytes(body.Replace("$ID", requestId, StringComparison.Ordinal))));

        Assert.True(response.StatusCode == 400, why);
        Assert.Equal(requestId, response.RequestId);
        Assert.False(string.IsNullOrEmpty(response.ErrorMessage));
        Assert.Empty(server.Received);
    }

    [Fact]
    public async Task The_x_gzip_alias_is_decompressed_like_gzip()
    {
        await using var server = await StartAsync();
        var requestId = Deliveries.NewRequestId();

        var response = await server.SendAsync(Deliveries.Request(requestId, Deliveries.Gzip(Deliveries.Body(requestId, [7, 8, 9])), contentEncoding: "x-gzip"));

        Assert.Equal(200, response.StatusCode);
        Assert.Equal([7, 8, 9], Assert.Single(Assert.Single(server.Received).Records));
    }

    [Fact]
    public async Task Malformed_common_attributes_are_answered_400()
    {
        await using var server = await StartAsync();
        var requestId = Deliveries.NewRequestId();

        var response = await server.SendAsync(Deliveries.Request(requestId, Deliveries.Body(requestId, [1]), commonAttributes: "{\"commonAttributes\":[1,2]}"));

        Assert.Equal(400, response.StatusCode);
        Assert.Equal(requestId, response.RequestId);
    }

    [Fact]
    public async Task A_corrupt_gzip_body_is_answered_400()
    {
        await using var server = await StartAsync();
        var requestId = Deliveries.NewRequestId();

        var response = await server.SendAsync(Deliveries.Request(requestId, [0x1F, 0x8B, 0x08, 0, 1, 2, 3], contentEncoding: "gzip"));

        Assert.Equal(400, response.StatusCode);
        Assert.Equal(requestId, response.RequestId);
    }

    [Fact]
    public async Task A_missing_access_key_is_answered_401()
    {
        await using var server = await StartAsync();
        var requestId = Deliveries.NewRequestId();

        var response = await server.SendAsync(Deliveries.Request(requestId, Deliveries.Body(requestId, [1]), key: null));

        Assert.Equal(401, response.StatusCode);
        Assert.Equal(requestId, response.RequestId);
        Assert.Empty(server.Received);
    }

    [Fact]
    public async Task A_wrong_access_key_is_answered_401_without_echoing_it()
    {
        await using var server = await StartAsync();
        var requestId = Deliveries.NewRequestId();
        const string wrong = "endpoint-test-key-9b8e7X";

        var response = await server.SendAsync(Deliveries.Request(requestId, Deliveries.Body(requestId, [1]), key: wrong));

        Assert.Equal(401, response.StatusCode);
        Assert.Equal(requestId, response.RequestId);
        Assert.DoesNotContain(wrong, response.ErrorMessage, StringComparison.Ordinal);
        Assert.All(server.Logs.GetSnapshot(), r => Assert.DoesNotContain(wrong, r.Message, StringComparison.Ordinal));
        Assert.Empty(server.Received);
    }

    [Fact]
    public async Task An_expired_previous_key_is_answered_401()
    {
        var time = new FakeTimeProvider(new DateTimeOffset(2030, 1, 1, 0, 0, 0, TimeSpan.Zero));
        await using var server = await StartAsync(
            o =>
            {
                o.PreviousAccessKey = "the-previous-key";
                o.PreviousAccessKeyValidUntil = time.GetUtcNow().AddMinutes(5);
            },
            services: s => s.AddSingleton<TimeProvider>(time));
        time.Advance(TimeSpan.FromMinutes(6));
        var requestId = Deliveries.NewRequestId();

        var response = await server.SendAsync(Deliveries.Request(requestId, Deliveries.Body(requestId, [1]), key: "the-previous-key"));

        Assert.Equal(401, response.StatusCode);
    }

    [Fact]
    public async Task A_source_outside_the_allow_list_is_answered_403()
    {
        await using var server = await StartAsync(o => o.AllowedSourceArns.Add("arn:aws:firehose:us-east-1:123456789012:deliverystream/other"));
        var requestId = Deliveries.NewRequestId();

        var response = await server.SendAsync(Deliveries.Request(requestId, Deliveries.Body(requestId, [1])));

        Assert.Equal(403, response.StatusCode);
        Assert.Equal(requestId, response.RequestId);
        Assert.Empty(server.Received);
    }

    [Fact]
    public async Task A_source_in_the_allow_list_is_accepted_and_a_missing_one_is_not()
    {
        await using var server = await StartAsync(o => o.AllowedSourceArns.Add(Deliveries.SourceArn));
        var first = Deliveries.NewRequestId();
        var second = Deliveries.NewRequestId();

        var allowed = await server.SendAsync(Deliveries.Request(first, Deliveries.Body(first, [1])));
        var missing = await server.SendAsync(Deliveries.Request(second, Deliveries.Body(second, [1]), sourceArn: null));

        Assert.Equal(200, allowed.StatusCode);
        Assert.Equal(403, missing.StatusCode);
    }

    [Fact]
    public async Task A_wrong_key_is_refused_before_the_allow_list_is_consulted()
    {
        await using var server = await StartAsync(o => o.AllowedSourceArns.Add("arn:aws:firehose:us-east-1:123456789012:deliverystream/other"));
        var requestId = Deliveries.NewRequestId();

        var response = await server.SendAsync(Deliveries.Request(requestId, Deliveries.Body(requestId, [1]), key: "wrong"));

        Assert.Equal(401, response.StatusCode);
    }

    [Theory]
    [InlineData("GET")]
    [InlineData("PUT")]
    [InlineData("DELETE")]
    public async Task A_method_other_than_POST_is_answered_405(string method)
    {
        await using var server = await StartAsync();
        var requestId = Deliveries.NewRequestId();
        using var request = Deliveries.Request(requestId, new ByteArrayContent([]), method: new HttpMethod(method));
        if (method == "GET")
        {
            request.Content = null;
        }

        using var message = await server.Client.SendAsync(request);
        var response = await FirehoseResponse.ReadAsync(message);

        Assert.Equal(405, response.StatusCode);
        Assert.Equal(requestId, response.RequestId);
        Assert.Contains("POST", message.Content.Headers.Allow);
    }

    [Theory]
    [InlineData("text/plain", null)]
    [InlineData("application/x-www-form-urlencoded", null)]
    [InlineData("application/json", "br")]
    [InlineData("application/json", "deflate")]
    public async Task An_unsupported_content_type_or_encoding_is_answered_415(string contentType, string? contentEncoding)
    {
        await using var server = await StartAsync();
        var requestId = Deliveries.NewRequestId();

        var response = await server.SendAsync(Deliveries.Request(requestId, Deliveries.Body(requestId, [1]), contentType: contentType, contentEncoding: contentEncoding));

        Assert.Equal(415, response.StatusCode);
        Assert.Equal(requestId, response.RequestId);
    }

    [Theory]
    [InlineData("application/json; charset=utf-8")]
    [InlineData("APPLICATION/JSON")]
    [InlineData(null)]
    public async Task Json_with_parameters_any_case_or_no_content_type_is_accepted(string? contentType)
    {
        await using var server = await StartAsync();
        var requestId = Deliveries.NewRequestId();

        var response = await server.SendAsync(Deliveries.Request(requestId, Deliveries.Body(requestId, [1]), contentType: contentType));

        Assert.Equal(200, response.StatusCode);
    }

    [Fact]
    public async Task A_body_over_a_lowered_limit_is_answered_413()
    {
        await using var server = await StartAsync(o => o.Limits.MaxBodySize = 1024);
        var requestId = Deliveries.NewRequestId();

        var response = await server.SendAsync(Deliveries.Request(requestId, Deliveries.Body(requestId, new byte[2048])));

        Assert.Equal(413, response.StatusCode);
        Assert.Equal(requestId, response.RequestId);
        Assert.Empty(server.Received);
    }

    [Fact]
    public async Task Too_many_records_for_a_lowered_limit_is_answered_413()
    {
        await using var server = await StartAsync(o => o.Limits.MaxRecordCount = 2);
        var requestId = Deliveries.NewRequestId();

        var response = await server.SendAsync(Deliveries.Request(requestId, Deliveries.Body(requestId, [1], [2], [3])));

        Assert.Equal(413, response.StatusCode);
    }

    [Fact]
    public async Task No_key_set_loaded_is_answered_503_whatever_key_is_presented()
    {
        await using var server = await StartAsync(services: s => s.AddSingleton<IAccessKeySetProvider>(new StaticAccessKeySetProvider(null)));
        var first = Deliveries.NewRequestId();
        var second = Deliveries.NewRequestId();

        var withKey = await server.SendAsync(Deliveries.Request(first, Deliveries.Body(first, [1])));
        var withoutKey = await server.SendAsync(Deliveries.Request(second, Deliveries.Body(second, [1]), key: null));

        Assert.Equal(503, withKey.StatusCode);
        Assert.Equal(first, withKey.RequestId);
        Assert.Equal(503, withoutKey.StatusCode);
        Assert.Empty(server.Received);
    }

    [Fact]
    public async Task A_key_set_published_later_is_used_without_restart()
    {
        var keys = new StaticAccessKeySetProvider(null);
        await using var server = await StartAsync(services: s => s.AddSingleton<IAccessKeySetProvider>(keys));
        var first = Deliveries.NewRequestId();
        var second = Deliveries.NewRequestId();

        var before = await server.SendAsync(Deliveries.Request(first, Deliveries.Body(first, [1])));
        keys.Update(new AccessKeySet(Deliveries.Key));
        var after = await server.SendAsync(Deliveries.Request(second, Deliveries.Body(second, [1])));

        Assert.Equal(503, before.StatusCode);
        Assert.Equal(200, after.StatusCode);
    }

    [Fact]
    public async Task A_failing_handler_is_answered_500_so_Firehose_retries()
    {
        await using var server = await StartAsync(handler: (_, _) => throw new InvalidOperationException("disk full: /var/data"));
        var requestId = Deliveries.NewRequestId();

        var response = await server.SendAsync(Deliveries.Request(requestId, Deliveries.Body(requestId, [1])));

        Assert.Equal(500, response.StatusCode);
        Assert.Equal(requestId, response.RequestId);
        Assert.DoesNotContain("disk full", response.ErrorMessage, StringComparison.Ordinal);
        Assert.Contains(server.Logs.GetSnapshot(), r => r.Exception is InvalidOperationException);
    }

    [Fact]
    public async Task An_asynchronously_failing_handler_is_answered_500()
    {
        await using var server = await StartAsync(handler: async (_, ct) =>
        {
            await Task.Yield();
            throw new IOException("later");
        });
        var requestId = Deliveries.NewRequestId();

        var response = await server.SendAsync(Deliveries.Request(requestId, Deliveries.Body(requestId, [1])));

        Assert.Equal(500, response.StatusCode);
    }

    [Fact]
    public async Task The_answer_waits_for_the_handler_to_complete()
    {
        var gate = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var entered = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        await using var server = await StartAsync(handler: async (_, _) =>
        {
            entered.SetResult();
            await gate.Task;
        });
        var requestId = Deliveries.NewRequestId();

        var sending = server.Client.SendAsync(Deliveries.Request(requestId, Deliveries.Body(requestId, [1])));
        await entered.Task.WaitAsync(TimeSpan.FromSeconds(30));
        var answeredEarly = sending.IsCompleted;
        gate.SetResult();
        using var message = await sending;

        Assert.False(answeredEarly);
        Assert.Equal(HttpStatusCode.OK, message.StatusCode);
    }

    [Fact]
    public async Task Records_are_invalid_once_the_handler_has_completed()
    {
        FirehoseAuth.Protocol.FirehoseDelivery? kept = null;
        var seenDuringHandler = 0;
        await using var server = await StartAsync(handler: (delivery, _) =>
        {
            kept = delivery;
            seenDuringHandler = delivery.Records[0].Length;
            return ValueTask.CompletedTask;
        });
        var requestId = Deliveries.NewRequestId();

        var response = await server.SendAsync(Deliveries.Request(requestId, Deliveries.Body(requestId, [1, 2, 3])));

        Assert.Equal(200, response.StatusCode);
        Assert.Equal(3, seenDuringHandler);
        Assert.NotNull(kept);
        Assert.Throws<ObjectDisposedException>(() => kept.Records[0]);
    }
}
