using FirehoseAuth.Protocol;

namespace FirehoseAuth.Tests.Protocol;

public sealed class ContentHeadersTests
{
    [Theory]
    [InlineData(null)]
    [InlineData("")]
    [InlineData("application/json")]
    [InlineData("application/json; charset=utf-8")]
    [InlineData("Application/JSON;Charset=UTF-8")]
    [InlineData(" application/json ")]
    public async Task Json_or_absent_content_type_is_accepted(string? contentType)
    {
        var delivery = await Parse.SucceedsAsync(FirehoseBody.With(FirehoseBody.Hello), new FirehoseRequestHeaders { ContentType = contentType });
        Assert.Equal(FirehoseBody.Hello, delivery.Records.Single());
    }

    [Theory]
    [InlineData("text/plain")]
    [InlineData("application/jsonx")]
    [InlineData("application/x-www-form-urlencoded")]
    [InlineData("application/json-seq")]
    public async Task Other_content_types_are_refused_with_415(string contentType)
    {
        var error = await Parse.FailsAsync(FirehoseBody.With(FirehoseBody.Hello), new FirehoseRequestHeaders { ContentType = contentType });
        Assert.Equal(FirehoseErrorCode.UnsupportedMediaType, error.Code);
        Assert.Equal(415, error.StatusCode);
    }

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    [InlineData("identity")]
    [InlineData("IDENTITY")]
    public async Task Identity_or_absent_content_encoding_means_no_encoding(string? contentEncoding)
    {
        var delivery = await Parse.SucceedsAsync(FirehoseBody.With(FirehoseBody.Hello), new FirehoseRequestHeaders { ContentEncoding = contentEncoding });
        Assert.Equal(FirehoseBody.Hello, delivery.Records.Single());
    }

    [Theory]
    [InlineData("gzip")]
    [InlineData("GZip")]
    [InlineData("x-gzip")]
    public async Task Gzip_content_encoding_is_compared_case_insensitively(string contentEncoding)
    {
        var body = FirehoseBody.Gzip(FirehoseBody.With(FirehoseBody.Hello));
        var delivery = await Parse.SucceedsAsync(body, new FirehoseRequestHeaders { ContentEncoding = contentEncoding });
        Assert.Equal(FirehoseBody.Hello, delivery.Records.Single());
    }

    [Theory]
    [InlineData("br")]
    [InlineData("deflate")]
    [InlineData("compress")]
    [InlineData("gzip, br")]
    public async Task Other_content_encodings_are_refused_with_415(string contentEncoding)
    {
        var error = await Parse.FailsAsync(FirehoseBody.With(FirehoseBody.Hello), new FirehoseRequestHeaders { ContentEncoding = contentEncoding });
        Assert.Equal(FirehoseErrorCode.UnsupportedMediaType, error.Code);
        Assert.Equal(415, error.StatusCode);
    }

    [Fact]
    public async Task An_unsupported_content_type_is_refused_before_the_body_is_read()
    {
        var result = await FirehoseRequestParser.ParseAsync(new UnreadableStream(), new FirehoseRequestHeaders { ContentType = "text/plain" }, new FirehoseParserOptions(), CancellationToken.None);
        Assert.Equal(415, result.Error!.StatusCode);
    }
}
