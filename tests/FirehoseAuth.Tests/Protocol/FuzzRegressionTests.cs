using System.Buffers;
using System.IO.Pipelines;
using FirehoseAuth.Protocol;

namespace FirehoseAuth.Tests.Protocol;

/// <summary>Inputs found by <c>fuzz/run.sh</c> (their files are in <c>fuzz/regressions/</c>).</summary>
public sealed class FuzzRegressionTests
{
    private static readonly FirehoseRequestHeaders Headers = new() { ContentType = "application/json" };

    [Fact]
    public async Task An_empty_body_is_a_malformed_body_on_every_entry_point()
    {
        var options = new FirehoseParserOptions();
        Assert.False(FirehoseRequestParser.TryParse([], Headers, options, out _, out var spanError));
        var fromStream = await FirehoseRequestParser.ParseAsync(new MemoryStream([]), Headers, options, CancellationToken.None);
        var fromPipe = await FirehoseRequestParser.ParseAsync(PipeReader.Create(new ReadOnlySequence<byte>(new byte[0])), Headers, options, CancellationToken.None);

        Assert.Equal(FirehoseErrorCode.MalformedBody, spanError.Code);
        Assert.Equal(FirehoseErrorCode.MalformedBody, fromStream.Error?.Code);
        Assert.Equal(FirehoseErrorCode.MalformedBody, fromPipe.Error?.Code);
        Assert.Equal(400, fromPipe.Error?.StatusCode);
    }

    [Fact]
    public async Task An_empty_body_with_valid_common_attributes_is_a_malformed_body()
    {
        var headers = Headers with { CommonAttributes = """{"commonAttributes":{"eqv":"\rod"}}""" };
        var result = await FirehoseRequestParser.ParseAsync(PipeReader.Create(new ReadOnlySequence<byte>(new byte[0])), headers, new FirehoseParserOptions(), CancellationToken.None);
        Assert.False(result.Succeeded);
        Assert.Equal(400, result.Error.StatusCode);
    }

    [Fact]
    public async Task A_property_name_escaping_a_lone_surrogate_is_an_unknown_field_on_every_entry_point()
    {
        // Valid JSON (RFC 8259 allows the escape); Utf8JsonReader.ValueTextEquals throws on it.
        var body = """{"\uDDDD":1,"requestId":"a","timestamp":1,"records":[{"\udc00x":[],"data":"QQ=="}]}"""u8.ToArray();
        var options = new FirehoseParserOptions();

        Assert.True(FirehoseRequestParser.TryParse(body, Headers, options, out var delivery, out var error), error?.Message);
        using (delivery)
        {
            Assert.Equal("A"u8.ToArray(), delivery.Records[0].ToArray());
        }

        using var fromStream = (await FirehoseRequestParser.ParseAsync(new MemoryStream(body), Headers, options, CancellationToken.None)).Delivery;
        using var fromPipe = (await FirehoseRequestParser.ParseAsync(PipeReader.Create(new ReadOnlySequence<byte>(body)), Headers, options, CancellationToken.None)).Delivery;
        Assert.Equal(1, fromStream?.RecordCount);
        Assert.Equal(1, fromPipe?.RecordCount);
    }
}
