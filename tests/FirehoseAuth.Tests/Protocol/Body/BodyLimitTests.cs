using System.Text;
using FirehoseAuth.Protocol;

namespace FirehoseAuth.Tests.Protocol;

public sealed class BodyLimitTests
{
    [Fact]
    public async Task A_content_length_above_the_limit_is_refused_with_413_before_reading_anything()
    {
        var headers = new FirehoseRequestHeaders { ContentLength = FirehoseParserOptions.FirehoseMaxBodySize + 1L };
        var result = await FirehoseRequestParser.ParseAsync(new UnreadableStream(), headers, new FirehoseParserOptions(), CancellationToken.None);
        Assert.Equal(FirehoseErrorCode.PayloadTooLarge, result.Error!.Code);
        Assert.Equal(413, result.Error.StatusCode);
    }

    [Fact]
    public async Task A_body_longer_than_its_content_length_is_refused_with_400()
    {
        var body = FirehoseBody.With(FirehoseBody.Hello);
        var error = await Parse.FailsAsync(body, new FirehoseRequestHeaders { ContentLength = body.Length - 1 });
        Assert.Equal(FirehoseErrorCode.MalformedBody, error.Code);
        Assert.Equal(400, error.StatusCode);
    }

    [Fact]
    public async Task A_body_shorter_than_its_content_length_is_refused_with_400()
    {
        var body = FirehoseBody.With(FirehoseBody.Hello);
        var error = await Parse.FailsAsync(body, new FirehoseRequestHeaders { ContentLength = body.Length + 10 });
        Assert.Equal(FirehoseErrorCode.MalformedBody, error.Code);
        Assert.Equal(400, error.StatusCode);
        Assert.Contains("truncated", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_body_matching_its_content_length_is_accepted()
    {
        var body = FirehoseBody.With(FirehoseBody.Hello);
        var delivery = await Parse.SucceedsAsync(body, new FirehoseRequestHeaders { ContentLength = body.Length });
        Assert.Equal(FirehoseBody.Hello, delivery.Records.Single());
    }

    [Fact]
    public async Task A_body_without_content_length_above_a_lowered_limit_is_refused_with_413()
    {
        var body = FirehoseBody.With(new byte[300]);
        var error = await Parse.FailsAsync(body, options: new FirehoseParserOptions { MaxBodySize = body.Length - 1 });
        Assert.Equal(FirehoseErrorCode.PayloadTooLarge, error.Code);
        Assert.Equal(413, error.StatusCode);
    }

    [Fact]
    public async Task A_body_of_exactly_the_limit_is_accepted()
    {
        var body = FirehoseBody.With(new byte[300]);
        var delivery = await Parse.SucceedsAsync(body, options: new FirehoseParserOptions { MaxBodySize = body.Length });
        Assert.Equal(300, delivery.Records.Single().Length);
    }

    [Fact]
    public async Task A_gzip_body_may_exceed_the_limit_on_the_wire_by_its_framing_overhead()
    {
        // Stored (uncompressed) deflate blocks: the gzip stream is the body plus its framing.
        var random = new byte[300_000];
        new Random(7).NextBytes(random);
        var json = FirehoseBody.With(random);
        var wire = FirehoseBody.Gzip(json, System.IO.Compression.CompressionLevel.NoCompression);
        Assert.True(wire.Length > json.Length, "a stored gzip stream is longer than its content");

        var options = new FirehoseParserOptions { MaxBodySize = json.Length };
        var delivery = await Parse.SucceedsAsync(wire, new FirehoseRequestHeaders { ContentEncoding = "gzip", ContentLength = wire.Length }, options);
        Assert.Equal(random, delivery.Records.Single());
    }

    [Fact]
    public async Task A_gzip_content_length_beyond_the_framing_slack_is_refused_with_413()
    {
        var options = new FirehoseParserOptions { MaxBodySize = 100_000 };
        var headers = new FirehoseRequestHeaders { ContentEncoding = "gzip", ContentLength = 100_000 + (100_000 / 1024) + 1024 + 1 };
        var result = await FirehoseRequestParser.ParseAsync(new UnreadableStream(), headers, options, CancellationToken.None);
        Assert.Equal(413, result.Error!.StatusCode);
    }

    [Fact]
    public async Task A_gzip_body_that_decompresses_beyond_the_limit_is_refused_with_413()
    {
        var json = FirehoseBody.With(new byte[100_000]);
        var error = await Parse.FailsAsync(FirehoseBody.Gzip(json), new FirehoseRequestHeaders { ContentEncoding = "gzip" }, new FirehoseParserOptions { MaxBodySize = json.Length - 1 });
        Assert.Equal(FirehoseErrorCode.PayloadTooLarge, error.Code);
        Assert.Equal(413, error.StatusCode);
    }

    [Fact]
    public async Task A_64_MiB_body_of_maximum_size_records_is_accepted_with_the_default_limits()
    {
        // As many 1,024,000-byte records as fit, then whitespace (valid JSON) up to exactly 64 MiB.
        var record = new byte[FirehoseParserOptions.FirehoseMaxRecordSize];
        new Random(3).NextBytes(record);
        var (body, count) = MaximumSizeBody(record);
        Assert.Equal(FirehoseParserOptions.FirehoseMaxBodySize, body.Length);

        var result = await FirehoseRequestParser.ParseAsync(new MemoryStream(body), new FirehoseRequestHeaders { ContentLength = body.Length }, new FirehoseParserOptions(), CancellationToken.None);
        Assert.True(result.Succeeded, result.Error?.ToString());
        using var delivery = result.Delivery;
        Assert.Equal(count, delivery.Records.Count);
        Assert.True(delivery.Records[count - 1].Span.SequenceEqual(record));
    }

    [Fact]
    public async Task A_gzip_body_of_64_MiB_decompressed_is_accepted_with_the_default_limits()
    {
        var record = Encoding.ASCII.GetBytes(new string('x', FirehoseParserOptions.FirehoseMaxRecordSize));
        var (body, count) = MaximumSizeBody(record);
        var wire = FirehoseBody.Gzip(body);

        var result = await FirehoseRequestParser.ParseAsync(new MemoryStream(wire), new FirehoseRequestHeaders { ContentEncoding = "gzip", ContentLength = wire.Length }, new FirehoseParserOptions(), CancellationToken.None);
        Assert.True(result.Succeeded, result.Error?.ToString());
        using var delivery = result.Delivery;
        Assert.Equal(count, delivery.Records.Count);
    }

    [Fact]
    public async Task Ten_thousand_records_are_accepted_with_the_default_limits()
    {
        var records = Enumerable.Range(0, FirehoseParserOptions.FirehoseMaxRecordCount).Select(i => BitConverter.GetBytes(i)).ToArray();
        var delivery = await Parse.SucceedsAsync(FirehoseBody.With(records));
        Assert.Equal(records, delivery.Records);
    }

    [Fact]
    public async Task More_records_than_the_limit_are_refused_with_413()
    {
        var error = await Parse.FailsAsync(FirehoseBody.With([1], [2], [3], [4]), options: new FirehoseParserOptions { MaxRecordCount = 3 });
        Assert.Equal(FirehoseErrorCode.PayloadTooLarge, error.Code);
        Assert.Equal(413, error.StatusCode);
    }

    [Fact]
    public async Task A_record_of_exactly_1024000_bytes_is_accepted_with_the_default_limits()
    {
        var record = new byte[FirehoseParserOptions.FirehoseMaxRecordSize];
        new Random(5).NextBytes(record);
        var delivery = await Parse.SucceedsAsync(FirehoseBody.With(record));
        Assert.Equal(record, delivery.Records.Single());
    }

    [Fact]
    public async Task A_record_above_the_record_size_limit_is_refused_with_413()
    {
        var error = await Parse.FailsAsync(FirehoseBody.With(new byte[FirehoseParserOptions.FirehoseMaxRecordSize + 1]));
        Assert.Equal(FirehoseErrorCode.PayloadTooLarge, error.Code);
        Assert.Equal(413, error.StatusCode);
    }

    [Theory]
    [InlineData(0, 10, 10, 10, 64)]
    [InlineData(10, 0, 10, 10, 64)]
    [InlineData(10, 10, 0, 10, 64)]
    [InlineData(10, 10, 10, 0, 64)]
    [InlineData(10, 10, 10, 10, 2)]
    public void Invalid_options_are_a_configuration_error(int maxBody, int maxCount, int maxRecord, int maxDecompressed, int maxDepth)
    {
        var options = new FirehoseParserOptions { MaxBodySize = maxBody, MaxRecordCount = maxCount, MaxRecordSize = maxRecord, MaxDecompressedRecordSize = maxDecompressed, MaxDepth = maxDepth };
        Assert.Throws<ArgumentException>(() => FirehoseRequestParser.TryParse(FirehoseBody.With(FirehoseBody.Hello), default, options, out _, out _));
    }

    /// <summary>
    /// Builds a body of as many copies of <paramref name="record"/> as fit, then whitespace (valid JSON) up to exactly
    /// <see cref="FirehoseParserOptions.FirehoseMaxBodySize"/> bytes, and returns it with the number of records.
    /// </summary>
    private static (byte[] Body, int Count) MaximumSizeBody(byte[] record)
    {
        var encoded = Convert.ToBase64String(record);
        var text = new StringBuilder($"{{\"requestId\":\"{FirehoseBody.RequestId}\",\"timestamp\":1,\"records\":[");
        var count = 0;
        while (text.Length + encoded.Length + 16 < FirehoseParserOptions.FirehoseMaxBodySize)
        {
            text.Append(count++ == 0 ? "" : ",").Append("{\"data\":\"").Append(encoded).Append("\"}");
        }

        text.Append(' ', FirehoseParserOptions.FirehoseMaxBodySize - text.Length - 2).Append("]}");
        return (Encoding.ASCII.GetBytes(text.ToString()), count);
    }
}
