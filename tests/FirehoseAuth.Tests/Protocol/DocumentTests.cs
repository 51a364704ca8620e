using System.Text;
using FirehoseAuth.Protocol;

namespace FirehoseAuth.Tests.Protocol;

public sealed class DocumentTests
{
    [Fact]
    public async Task Unknown_root_fields_of_any_type_are_ignored()
    {
        var body = $"{{\"version\":2,\"requestId\":\"{FirehoseBody.RequestId}\",\"meta\":{{\"x\":[1,\"y\",{{}}]}},\"timestamp\":1,\"flags\":[true,null],\"records\":[{{\"data\":\"aGk=\"}}],\"tail\":\"z\"}}";
        var delivery = await Parse.SucceedsAsync(FirehoseBody.Raw(body));
        Assert.Equal("hi"u8.ToArray(), delivery.Records.Single());
    }

    [Theory]
    [InlineData("x")]
    [InlineData("{}")]
    [InlineData(",")]
    [InlineData("]")]
    public async Task Trailing_garbage_after_the_root_object_is_refused_with_400(string garbage)
    {
        var error = await Parse.FailsAsync(FirehoseBody.Utf8(FirehoseBody.Json([FirehoseBody.Hello]) + garbage));
        Assert.Equal(FirehoseErrorCode.MalformedBody, error.Code);
        Assert.Equal(400, error.StatusCode);
    }

    [Fact]
    public async Task Trailing_whitespace_after_the_root_object_is_accepted()
    {
        var delivery = await Parse.SucceedsAsync(FirehoseBody.Utf8(FirehoseBody.Json([FirehoseBody.Hello]) + " \r\n\t"));
        Assert.Single(delivery.Records);
    }

    [Theory]
    [InlineData("")]
    [InlineData("   ")]
    [InlineData("[]")]
    [InlineData("\"text\"")]
    [InlineData("{")]
    [InlineData("{\"requestId\":\"a\",\"timestamp\":1,\"records\":[{\"data\":\"aGk=\"}]")]
    [InlineData("{\"requestId\":\"a\",\"timestamp\":1,\"records\":[{\"data\":\"aGk=\"},]}")]
    [InlineData("{\"requestId\":'a',\"timestamp\":1,\"records\":[{\"data\":\"aGk=\"}]}")]
    [InlineData("{/*c*/\"requestId\":\"a\",\"timestamp\":1,\"records\":[{\"data\":\"aGk=\"}]}")]
    public async Task A_body_that_is_not_a_json_object_is_refused_with_400(string body)
    {
        var error = await Parse.FailsAsync(FirehoseBody.Raw(body));
        Assert.Equal(FirehoseErrorCode.MalformedBody, error.Code);
        Assert.Equal(400, error.StatusCode);
    }

    [Theory]
    [InlineData(new byte[] { 0xC3, 0x28 })]
    [InlineData(new byte[] { 0xED, 0xA0, 0x80 })]
    [InlineData(new byte[] { 0xFF })]
    public async Task Invalid_utf8_in_the_request_id_is_refused_with_400(byte[] invalid)
    {
        var body = Concat("{\"requestId\":\"a", invalid, "\",\"timestamp\":1,\"records\":[{\"data\":\"aGk=\"}]}");
        var error = await Parse.FailsAsync(body);
        Assert.Equal(FirehoseErrorCode.MalformedBody, error.Code);
        Assert.Equal(400, error.StatusCode);
    }

    [Fact]
    public async Task Invalid_utf8_in_an_unknown_field_is_refused_with_400()
    {
        var body = Concat("{\"note\":\"", [0xC3, 0x28], "\",\"requestId\":\"a\",\"timestamp\":1,\"records\":[{\"data\":\"aGk=\"}]}");
        var error = await Parse.FailsAsync(body);
        Assert.Equal(FirehoseErrorCode.MalformedBody, error.Code);
        Assert.Equal(400, error.StatusCode);
    }

    [Fact]
    public async Task Nesting_deeper_than_MaxDepth_is_refused_with_400()
    {
        var nested = new string('[', 10) + new string(']', 10);
        var body = FirehoseBody.Raw($"{{\"deep\":{nested},\"requestId\":\"a\",\"timestamp\":1,\"records\":[{{\"data\":\"aGk=\"}}]}}");
        var error = await Parse.FailsAsync(body, options: new FirehoseParserOptions { MaxDepth = 8 });
        Assert.Equal(FirehoseErrorCode.MalformedBody, error.Code);
        Assert.Equal(400, error.StatusCode);
    }

    [Fact]
    public async Task Nesting_within_MaxDepth_is_accepted()
    {
        var nested = new string('[', 6) + new string(']', 6);
        var body = FirehoseBody.Raw($"{{\"deep\":{nested},\"requestId\":\"a\",\"timestamp\":1,\"records\":[{{\"data\":\"aGk=\"}}]}}");
        var delivery = await Parse.SucceedsAsync(body, options: new FirehoseParserOptions { MaxDepth = 8 });
        Assert.Single(delivery.Records);
    }

    [Fact]
    public async Task Error_messages_never_echo_body_content()
    {
        var error = await Parse.FailsAsync(FirehoseBody.Raw("{\"requestId\":\"a\",\"timestamp\":1,\"records\":[{\"data\":\"SECRETSECRET!\"}]}"));
        Assert.DoesNotContain("SECRET", error.Message, StringComparison.Ordinal);
        var invalidJson = await Parse.FailsAsync(FirehoseBody.Raw("{\"requestId\":\"a\",SECRET}"));
        Assert.DoesNotContain("SECRET", invalidJson.Message, StringComparison.Ordinal);
    }

    private static byte[] Concat(string before, byte[] middle, string after)
        => [.. Encoding.ASCII.GetBytes(before), .. middle, .. Encoding.ASCII.GetBytes(after)];
}
