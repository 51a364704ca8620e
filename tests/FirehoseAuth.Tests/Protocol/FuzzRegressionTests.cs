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
}
