namespace FirehoseAuth.Tests.Protocol;

public sealed class FirehoseErrorTests
{
    [Theory]
    [InlineData(FirehoseErrorCode.MalformedBody, 400)]
    [InlineData(FirehoseErrorCode.InvalidRecordData, 400)]
    [InlineData(FirehoseErrorCode.MissingRequestId, 400)]
    [InlineData(FirehoseErrorCode.RequestIdMismatch, 400)]
    [InlineData(FirehoseErrorCode.InvalidTimestamp, 400)]
    [InlineData(FirehoseErrorCode.MissingRecords, 400)]
    [InlineData(FirehoseErrorCode.InvalidCommonAttributes, 400)]
    [InlineData(FirehoseErrorCode.InvalidContentEncoding, 400)]
    [InlineData(FirehoseErrorCode.PayloadTooLarge, 413)]
    [InlineData(FirehoseErrorCode.MissingAccessKey, 401)]
    [InlineData(FirehoseErrorCode.InvalidAccessKey, 401)]
    [InlineData(FirehoseErrorCode.SourceArnNotAllowed, 403)]
    [InlineData(FirehoseErrorCode.MethodNotAllowed, 405)]
    [InlineData(FirehoseErrorCode.UnsupportedMediaType, 415)]
    [InlineData(FirehoseErrorCode.HandlerFailed, 500)]
    [InlineData(FirehoseErrorCode.KeysUnavailable, 503)]
    public void Each_error_code_maps_to_the_status_of_the_design_table(FirehoseErrorCode code, int expected)
        => Assert.Equal(expected, new FirehoseError(code, "m").StatusCode);

    [Fact]
    public void Every_defined_code_has_a_status()
    {
        foreach (var code in Enum.GetValues<FirehoseErrorCode>())
        {
            Assert.InRange(new FirehoseError(code, "m").StatusCode, 400, 599);
        }
    }

    [Fact]
    public void Undefined_code_is_a_programmer_error()
        => Assert.Throws<ArgumentOutOfRangeException>(() => new FirehoseError((FirehoseErrorCode)999, "m"));

    [Fact]
    public void Message_is_truncated_to_the_8192_characters_Firehose_accepts()
    {
        var error = new FirehoseError(FirehoseErrorCode.MalformedBody, new string('x', 10_000));
        Assert.Equal(FirehoseError.MaxMessageLength, error.Message.Length);
    }
}
