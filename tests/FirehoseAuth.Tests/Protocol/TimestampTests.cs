using System.Globalization;

namespace FirehoseAuth.Tests.Protocol;

public sealed class TimestampTests
{
    [Theory]
    [InlineData(1578090901599)]
    [InlineData(1734625715000000000)]
    [InlineData(0)]
    [InlineData(-1)]
    [InlineData(long.MaxValue)]
    [InlineData(long.MinValue)]
    public async Task Any_int64_timestamp_is_accepted(long timestamp)
    {
        var delivery = await Parse.SucceedsAsync(FirehoseBody.Utf8(FirehoseBody.Json([FirehoseBody.Hello], timestamp: timestamp)));
        Assert.Equal(timestamp, delivery.Timestamp);
    }

    [Theory]
    [InlineData("1.5")]
    [InlineData("1.0")]
    [InlineData("1e3")]
    [InlineData("1E3")]
    [InlineData("\"1578090901599\"")]
    [InlineData("null")]
    [InlineData("true")]
    [InlineData("{}")]
    [InlineData("9223372036854775808")]
    [InlineData("-9223372036854775809")]
    public async Task A_timestamp_that_is_not_an_int64_is_refused_with_400(string value)
    {
        var error = await Parse.FailsAsync(FirehoseBody.Raw(string.Create(CultureInfo.InvariantCulture, $"{{\"requestId\":\"a\",\"timestamp\":{value},\"records\":[{{\"data\":\"aGk=\"}}]}}")));
        Assert.Equal(FirehoseErrorCode.InvalidTimestamp, error.Code);
        Assert.Equal(400, error.StatusCode);
    }

    [Fact]
    public async Task A_body_without_timestamp_is_refused_with_400()
    {
        var error = await Parse.FailsAsync(FirehoseBody.Raw("{\"requestId\":\"a\",\"records\":[{\"data\":\"aGk=\"}]}"));
        Assert.Equal(FirehoseErrorCode.InvalidTimestamp, error.Code);
        Assert.Equal(400, error.StatusCode);
    }

    [Theory]
    [InlineData("01")]
    [InlineData("+1")]
    [InlineData("-")]
    public async Task A_number_that_is_not_valid_json_is_refused_with_400(string value)
    {
        var error = await Parse.FailsAsync(FirehoseBody.Raw($"{{\"requestId\":\"a\",\"timestamp\":{value},\"records\":[{{\"data\":\"aGk=\"}}]}}"));
        Assert.Equal(FirehoseErrorCode.MalformedBody, error.Code);
        Assert.Equal(400, error.StatusCode);
    }

    [Fact]
    public async Task A_duplicate_timestamp_is_refused_with_400()
    {
        var error = await Parse.FailsAsync(FirehoseBody.Raw("{\"requestId\":\"a\",\"timestamp\":1,\"timestamp\":1,\"records\":[{\"data\":\"aGk=\"}]}"));
        Assert.Equal(FirehoseErrorCode.MalformedBody, error.Code);
        Assert.Equal(400, error.StatusCode);
    }
}
