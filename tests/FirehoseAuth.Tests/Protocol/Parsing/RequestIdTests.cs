using FirehoseAuth.Protocol;

namespace FirehoseAuth.Tests.Protocol;

public sealed class RequestIdTests
{
    [Fact]
    public async Task A_body_without_requestId_is_refused_with_400()
    {
        var error = await Parse.FailsAsync(FirehoseBody.Raw("{\"timestamp\":1,\"records\":[{\"data\":\"aGk=\"}]}"));
        Assert.Equal(FirehoseErrorCode.MissingRequestId, error.Code);
        Assert.Equal(400, error.StatusCode);
    }

    [Theory]
    [InlineData("1")]
    [InlineData("null")]
    [InlineData("\"\"")]
    [InlineData("[\"id\"]")]
    public async Task A_requestId_that_is_not_a_non_empty_string_is_refused_with_400(string value)
    {
        var error = await Parse.FailsAsync(FirehoseBody.Raw($"{{\"requestId\":{value},\"timestamp\":1,\"records\":[{{\"data\":\"aGk=\"}}]}}"));
        Assert.Equal(FirehoseErrorCode.MissingRequestId, error.Code);
        Assert.Equal(400, error.StatusCode);
    }

    [Fact]
    public async Task A_header_request_id_that_differs_from_the_body_is_refused_with_400()
    {
        var error = await Parse.FailsAsync(FirehoseBody.With(FirehoseBody.Hello), new FirehoseRequestHeaders { RequestId = "another-id" });
        Assert.Equal(FirehoseErrorCode.RequestIdMismatch, error.Code);
        Assert.Equal(400, error.StatusCode);
    }

    [Fact]
    public async Task Without_a_header_the_body_request_id_is_used()
    {
        var delivery = await Parse.SucceedsAsync(FirehoseBody.With(FirehoseBody.Hello));
        Assert.Equal(FirehoseBody.RequestId, delivery.RequestId);
    }

    [Fact]
    public void A_header_request_id_equal_to_the_body_is_reused_not_copied()
    {
        var header = new string(FirehoseBody.RequestId.AsSpan());
        Assert.True(FirehoseRequestParser.TryParse(FirehoseBody.With(FirehoseBody.Hello), new FirehoseRequestHeaders { RequestId = header }, new FirehoseParserOptions(), out var delivery, out _));
        using (delivery)
        {
            Assert.Same(header, delivery.RequestId);
        }
    }

    [Fact]
    public async Task An_escaped_body_request_id_matches_its_unescaped_header()
    {
        var body = FirehoseBody.Raw("{\"requestId\":\"a\\u002db\\/c\",\"timestamp\":1,\"records\":[{\"data\":\"aGk=\"}]}");
        var delivery = await Parse.SucceedsAsync(body, new FirehoseRequestHeaders { RequestId = "a-b/c" });
        Assert.Equal("a-b/c", delivery.RequestId);
    }

    [Fact]
    public async Task A_non_ascii_request_id_matches_its_header()
    {
        var delivery = await Parse.SucceedsAsync(FirehoseBody.Utf8(FirehoseBody.Json([FirehoseBody.Hello], requestId: "réquest-😀")), new FirehoseRequestHeaders { RequestId = "réquest-😀" });
        Assert.Equal("réquest-😀", delivery.RequestId);
    }

    [Fact]
    public async Task A_non_ascii_request_id_differing_from_its_header_is_refused()
    {
        var error = await Parse.FailsAsync(FirehoseBody.Utf8(FirehoseBody.Json([FirehoseBody.Hello], requestId: "réquest")), new FirehoseRequestHeaders { RequestId = "request" });
        Assert.Equal(FirehoseErrorCode.RequestIdMismatch, error.Code);
    }

    [Fact]
    public async Task A_duplicate_requestId_is_refused_with_400()
    {
        var error = await Parse.FailsAsync(FirehoseBody.Raw("{\"requestId\":\"a\",\"timestamp\":1,\"requestId\":\"a\",\"records\":[{\"data\":\"aGk=\"}]}"));
        Assert.Equal(FirehoseErrorCode.MalformedBody, error.Code);
        Assert.Equal(400, error.StatusCode);
    }

    [Fact]
    public async Task The_source_arn_header_is_exposed()
    {
        const string arn = "arn:aws:firehose:us-east-1:123456789012:deliverystream/orders";
        var delivery = await Parse.SucceedsAsync(FirehoseBody.With(FirehoseBody.Hello), new FirehoseRequestHeaders { SourceArn = arn });
        Assert.Equal(arn, delivery.SourceArn);
    }
}
