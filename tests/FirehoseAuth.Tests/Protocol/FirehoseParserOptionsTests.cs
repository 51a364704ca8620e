using FirehoseAuth.Protocol;

namespace FirehoseAuth.Tests.Protocol;

public sealed class FirehoseParserOptionsTests
{
    [Fact]
    public void The_defaults_are_valid_and_report_nothing()
    {
        var problems = new List<string>();
        Assert.True(new FirehoseParserOptions().Validate("FirehoseAuth:Limits:", problems));
        Assert.Empty(problems);
    }

    [Fact]
    public void Every_limit_out_of_bounds_is_reported_at_once_under_its_setting_path()
    {
        var options = new FirehoseParserOptions { MaxBodySize = 0, MaxRecordCount = 0, MaxRecordSize = -1, MaxDecompressedRecordSize = int.MaxValue, MaxDepth = 2 };
        var problems = new List<string>();

        Assert.False(options.Validate("FirehoseAuth:Streams:logs:Limits:", problems));

        Assert.Collection(
            problems,
            p => Assert.Equal("FirehoseAuth:Streams:logs:Limits:MaxBodySize is 0; it must be at least 1.", p),
            p => Assert.Equal("FirehoseAuth:Streams:logs:Limits:MaxRecordCount is 0; it must be at least 1.", p),
            p => Assert.Equal("FirehoseAuth:Streams:logs:Limits:MaxRecordSize is -1; it must be at least 1.", p),
            p => Assert.Equal($"FirehoseAuth:Streams:logs:Limits:MaxDecompressedRecordSize is {int.MaxValue}; it must be at most {1024 * 1024 * 1024}.", p),
            p => Assert.StartsWith("FirehoseAuth:Streams:logs:Limits:MaxDepth is 2; it must be at least 3", p));
    }

    [Fact]
    public void The_parser_names_every_invalid_limit_in_its_exception()
    {
        var options = new FirehoseParserOptions { MaxBodySize = int.MaxValue, MaxDepth = 1 };
        var error = Assert.Throws<ArgumentException>(() => FirehoseRequestParser.TryParse(FirehoseBody.With(FirehoseBody.Hello), default, options, out _, out _));
        Assert.Equal("options", error.ParamName);
        Assert.Contains("MaxBodySize is", error.Message, StringComparison.Ordinal);
        Assert.Contains("MaxDepth is 1", error.Message, StringComparison.Ordinal);
    }
}
