using System.IO.Pipelines;
using FirehoseAuth.Protocol;

namespace FirehoseAuth.Tests.Protocol;

// Not in parallel with other parsers: disposing a delivery twice (as one test here does on purpose) frees whatever
// parse rented the pooled instance in between, which would be another test's live delivery.
[Collection(nameof(DeliveryPoolCollection))]
public sealed class DeliveryLifetimeTests
{
    private static readonly FirehoseRequestHeaders Headers = new() { RequestId = FirehoseBody.RequestId };

    [Theory]
    [InlineData(false, false)]
    [InlineData(true, false)]
    [InlineData(false, true)]
    [InlineData(true, true)]
    public async Task Every_pooled_buffer_is_returned_exactly_once_even_when_disposed_twice(bool gzipBody, bool gzipRecords)
    {
        var pool = new CountingArrayPool();
        byte[] record = gzipRecords ? FirehoseBody.Gzip(new byte[70_000]) : FirehoseBody.Hello;
        var json = FirehoseBody.With(record, record);
        var body = gzipBody ? FirehoseBody.Gzip(json) : json;
        var headers = Headers with { ContentEncoding = gzipBody ? "gzip" : null };

        var result = await FirehoseRequestParser.ParseAsync(new MemoryStream(body), headers, new FirehoseParserOptions { DecompressGzipRecords = gzipRecords }, pool, CancellationToken.None);
        Assert.True(result.Succeeded, result.Error?.ToString());
        Assert.True(pool.Outstanding > 0, "the delivery holds its buffers until disposed");

        result.Delivery.Dispose();
        result.Delivery.Dispose();

        Assert.Equal(0, pool.Outstanding);
        Assert.Equal(pool.Rented, pool.Returned);
    }

    [Theory]
    [InlineData("{\"requestId\":\"a\",\"timestamp\":1,\"records\":[{\"data\":\"aGk=\"},{\"data\":\"!!!!\"}]}")]
    [InlineData("{\"requestId\":\"a\",\"timestamp\":1.5,\"records\":[{\"data\":\"aGk=\"}]}")]
    [InlineData("{\"requestId\":\"a\",\"timestamp\":1,\"records\":[{\"data\":\"aGk=\"}]} x")]
    public void Every_pooled_buffer_is_returned_when_parsing_fails(string body)
    {
        var pool = new CountingArrayPool();
        Assert.False(FirehoseRequestParser.TryParse(FirehoseBody.Raw(body), default, new FirehoseParserOptions(), pool, allowFastPath: true, out _, out _));
        Assert.True(pool.Rented > 0);
        Assert.Equal(0, pool.Outstanding);
    }

    [Fact]
    public async Task Buffers_are_returned_when_the_body_is_too_long_for_its_content_length()
    {
        var pool = new CountingArrayPool();
        var body = FirehoseBody.With(FirehoseBody.Hello);
        var result = await FirehoseRequestParser.ParseAsync(PipeReader.Create(new MemoryStream(body)), new FirehoseRequestHeaders { ContentLength = body.Length - 1 }, new FirehoseParserOptions(), pool, CancellationToken.None);
        Assert.False(result.Succeeded);
        Assert.Equal(0, pool.Outstanding);
    }

    [Fact]
    public async Task Buffers_are_returned_when_reading_the_body_is_canceled()
    {
        var pool = new CountingArrayPool();
        var pipe = new Pipe();
        await pipe.Writer.WriteAsync("{\"requestId\""u8.ToArray());
        using var cancellation = new CancellationTokenSource();
        var parsing = FirehoseRequestParser.ParseAsync(pipe.Reader, default, new FirehoseParserOptions(), pool, cancellation.Token);
        await cancellation.CancelAsync();
        await Assert.ThrowsAnyAsync<OperationCanceledException>(async () => await parsing);
        Assert.Equal(0, pool.Outstanding);
    }

    [Fact]
    public void Records_throw_after_the_delivery_is_disposed()
    {
        Assert.True(FirehoseRequestParser.TryParse(FirehoseBody.With(FirehoseBody.Hello), Headers, new FirehoseParserOptions(), out var delivery, out _));
        var records = delivery.Records;
        delivery.Dispose();

        Assert.Throws<ObjectDisposedException>(() => records[0]);
        Assert.Throws<ObjectDisposedException>(() => records.Count);
        Assert.Throws<ObjectDisposedException>(() => records.GetEnumerator().MoveNext());
    }

    [Fact]
    public void Indexes_outside_the_list_throw()
    {
        Assert.True(FirehoseRequestParser.TryParse(FirehoseBody.With(FirehoseBody.Hello), Headers, new FirehoseParserOptions(), out var delivery, out _));
        using (delivery)
        {
            Assert.Throws<ArgumentOutOfRangeException>(() => delivery.Records[1]);
            Assert.Throws<ArgumentOutOfRangeException>(() => delivery.Records[-1]);
        }

        Assert.Empty(default(FirehoseRecordList));
    }
}
