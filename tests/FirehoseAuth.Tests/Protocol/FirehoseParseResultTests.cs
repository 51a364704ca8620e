using FirehoseAuth.Protocol;

namespace FirehoseAuth.Tests.Protocol;

public sealed class FirehoseParseResultTests
{
    [Fact]
    public void A_default_result_claims_neither_success_nor_failure_every_member_throws()
    {
        var result = default(FirehoseParseResult);

        Assert.Throws<InvalidOperationException>(() => result.Succeeded);
        Assert.Throws<InvalidOperationException>(() => result.Error);
        Assert.Throws<InvalidOperationException>(() => result.Delivery);
    }

    [Fact]
    public async Task A_failed_parse_is_not_succeeded_and_carries_its_error_and_no_delivery()
    {
        var result = await FirehoseRequestParser.ParseAsync(new MemoryStream(FirehoseBody.Raw("{")), default, new FirehoseParserOptions(), CancellationToken.None);

        Assert.False(result.Succeeded);
        Assert.Equal(FirehoseErrorCode.MalformedBody, result.Error.Code);
        Assert.Null(result.Delivery);
    }

    [Fact]
    public async Task A_successful_parse_is_succeeded_and_carries_its_delivery_and_no_error()
    {
        var result = await FirehoseRequestParser.ParseAsync(new MemoryStream(FirehoseBody.With(FirehoseBody.Hello)), default, new FirehoseParserOptions(), CancellationToken.None);

        Assert.True(result.Succeeded);
        using var delivery = result.Delivery;
        Assert.Equal(1, delivery.RecordCount);
        Assert.Null(result.Error);
    }
}
