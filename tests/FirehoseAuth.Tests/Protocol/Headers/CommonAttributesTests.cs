using System.Text.Json;
using FirehoseAuth.Protocol;

namespace FirehoseAuth.Tests.Protocol;

public sealed class CommonAttributesTests
{
    [Fact]
    public async Task Without_the_header_the_attributes_are_empty()
    {
        var delivery = await Parse.SucceedsAsync(FirehoseBody.With(FirehoseBody.Hello));
        Assert.Empty(delivery.CommonAttributes);
    }

    [Fact]
    public async Task Attributes_are_parsed_with_utf8_preserved()
    {
        var header = "{\"commonAttributes\":{\"team\":\"Zürich-Ops 🚀\",\"kanji\":\"日本語\",\"escaped\":\"a\\\"b\\u00e9\"}}";
        var delivery = await Parse.SucceedsAsync(FirehoseBody.With(FirehoseBody.Hello), Headers(header));
        Assert.Equal(new Dictionary<string, string> { ["team"] = "Zürich-Ops 🚀", ["kanji"] = "日本語", ["escaped"] = "a\"bé" }, delivery.CommonAttributes);
    }

    [Fact]
    public async Task Unknown_fields_around_the_attributes_are_ignored()
    {
        var header = "{\"version\":1,\"commonAttributes\":{\"a\":\"1\"},\"other\":{\"b\":[2]}}";
        var delivery = await Parse.SucceedsAsync(FirehoseBody.With(FirehoseBody.Hello), Headers(header));
        Assert.Equal("1", delivery.CommonAttributes["a"]);
        Assert.Single(delivery.CommonAttributes);
    }

    [Fact]
    public async Task Fifty_entries_are_accepted()
    {
        var delivery = await Parse.SucceedsAsync(FirehoseBody.With(FirehoseBody.Hello), Headers(Attributes(50)));
        Assert.Equal(50, delivery.CommonAttributes.Count);
    }

    [Fact]
    public async Task More_than_fifty_entries_are_refused_with_400()
        => await AssertInvalid(Attributes(51));

    [Fact]
    public async Task Names_of_256_characters_and_values_of_1024_characters_are_accepted()
    {
        var header = JsonSerializer.Serialize(new { commonAttributes = new Dictionary<string, string> { [new string('n', 256)] = new string('é', 1024) } });
        var delivery = await Parse.SucceedsAsync(FirehoseBody.With(FirehoseBody.Hello), Headers(header));
        Assert.Equal(new string('é', 1024), delivery.CommonAttributes[new string('n', 256)]);
    }

    [Theory]
    [InlineData(0, 1)]
    [InlineData(257, 1)]
    [InlineData(1, 1025)]
    public async Task Names_or_values_outside_the_length_limits_are_refused_with_400(int nameLength, int valueLength)
        => await AssertInvalid(JsonSerializer.Serialize(new { commonAttributes = new Dictionary<string, string> { [new string('n', nameLength)] = new string('v', valueLength) } }));

    [Fact]
    public async Task An_escaped_value_longer_than_1024_characters_is_refused_with_400()
        => await AssertInvalid("{\"commonAttributes\":{\"a\":\"" + string.Concat(Enumerable.Repeat("\\u0041", 1025)) + "\"}}");

    [Theory]
    [InlineData("{\"commonAttributes\":{\"a\":1}}")]
    [InlineData("{\"commonAttributes\":{\"a\":null}}")]
    [InlineData("{\"commonAttributes\":{\"a\":{\"b\":\"c\"}}}")]
    [InlineData("{\"commonAttributes\":[]}")]
    [InlineData("{\"commonAttributes\":\"a\"}")]
    [InlineData("{\"other\":{}}")]
    [InlineData("{\"commonAttributes\":{\"a\":\"1\"}")]
    [InlineData("{\"commonAttributes\":{\"a\":\"1\"}}x")]
    [InlineData("[]")]
    [InlineData("not json")]
    [InlineData("{\"commonAttributes\":{\"a\":\"1\",\"a\":\"2\"}}")]
    [InlineData("{\"commonAttributes\":{\"a\":\"1\",\"\\u0061\":\"2\"}}")]
    [InlineData("{\"commonAttributes\":{},\"commonAttributes\":{}}")]
    [InlineData("{\"commonAttributes\":{\"a\":\"\\ud800\"}}")]
    public async Task A_malformed_header_is_refused_with_400(string header)
        => await AssertInvalid(header);

    [Fact]
    public async Task A_malformed_header_is_refused_before_the_body_is_read()
    {
        var result = await FirehoseRequestParser.ParseAsync(new UnreadableStream(), Headers("{"), new FirehoseParserOptions(), CancellationToken.None);
        Assert.Equal(FirehoseErrorCode.InvalidCommonAttributes, result.Error!.Code);
    }

    [Fact]
    public void The_dictionary_is_built_once()
    {
        Assert.True(FirehoseRequestParser.TryParse(FirehoseBody.With(FirehoseBody.Hello), Headers("{\"commonAttributes\":{\"a\":\"1\"}}"), new FirehoseParserOptions(), out var delivery, out _));
        using (delivery)
        {
            Assert.Same(delivery.CommonAttributes, delivery.CommonAttributes);
        }
    }

    private static async Task AssertInvalid(string header)
    {
        var error = await Parse.FailsAsync(FirehoseBody.With(FirehoseBody.Hello), Headers(header));
        Assert.Equal(FirehoseErrorCode.InvalidCommonAttributes, error.Code);
        Assert.Equal(400, error.StatusCode);
    }

    private static FirehoseRequestHeaders Headers(string commonAttributes) => new() { CommonAttributes = commonAttributes };

    private static string Attributes(int count)
        => JsonSerializer.Serialize(new { commonAttributes = Enumerable.Range(0, count).ToDictionary(i => $"n{i}", _ => "v") });
}
