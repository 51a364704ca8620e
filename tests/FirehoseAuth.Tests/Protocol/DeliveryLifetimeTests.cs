using System.IO.Pipelines;
using FirehoseAuth.Protocol;

namespace FirehoseAuth.Tests.Protocol;

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
        Assert.Throws<ObjectDisposedException>(() => delivery.Records);
        Assert.Throws<ObjectDisposedException>(() => delivery.RequestId);
        Assert.Throws<ObjectDisposedException>(() => delivery.CommonAttributes);
    }

    [Fact]
    public void A_stale_record_list_keeps_throwing_when_its_delivery_instance_is_reused()
    {
        Assert.True(FirehoseRequestParser.TryParse(FirehoseBody.With(FirehoseBody.Hello), Headers, new FirehoseParserOptions(), out var first, out _));
        var stale = first.Records;
        first.Dispose();

        var reused = new List<FirehoseDelivery>();
        for (var i = 0; i < 64; i++)
        {
            Assert.True(FirehoseRequestParser.TryParse(FirehoseBody.With(FirehoseBody.Hello), Headers, new FirehoseParserOptions(), out var next, out _));
            reused.Add(next);
        }

        Assert.Contains(first, reused);
        Assert.Throws<ObjectDisposedException>(() => stale[0]);
        reused.ForEach(d => d.Dispose());
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

    [Fact]
    public async Task A_successful_parse_from_a_stream_allocates_nothing_in_steady_state()
    {
        var records = Enumerable.Range(0, 200).Select(i => new byte[i * 7]).ToArray();
        var body = FirehoseBody.With(records);
        var stream = new MemoryStream(body);
        var headers = Headers with { ContentLength = body.Length, ContentType = "application/json", SourceArn = "arn:aws:firehose:eu-west-1:1:deliverystream/x" };
        var options = new FirehoseParserOptions();

        for (var round = 0; round < 6; round++)
        {
            // Every read completes synchronously (MemoryStream), so the test stays on this thread.
            var before = GC.GetAllocatedBytesForCurrentThread();
            for (var i = 0; i < 20; i++)
            {
                stream.Position = 0;
                var result = await FirehoseRequestParser.ParseAsync(stream, headers, options, CancellationToken.None);
                using var delivery = result.Delivery!;
                foreach (var record in delivery.Records)
                {
                    Assert.True(record.Length >= 0);
                }
            }

            var allocated = GC.GetAllocatedBytesForCurrentThread() - before;
            if (round == 5)
            {
                Assert.Equal(0, allocated);
            }
        }
    }

    [Fact]
    public void A_successful_TryParse_with_common_attributes_allocates_nothing_in_steady_state()
    {
        var body = FirehoseBody.With(FirehoseBody.Hello, new byte[5000]);
        var headers = Headers with { CommonAttributes = "{\"commonAttributes\":{\"team\":\"Zürich\",\"env\":\"prod\"}}" };
        var options = new FirehoseParserOptions();

        long Allocated()
        {
            var before = GC.GetAllocatedBytesForCurrentThread();
            for (var i = 0; i < 20; i++)
            {
                Assert.True(FirehoseRequestParser.TryParse(body, headers, options, out var delivery, out _));
                delivery.Dispose();
            }

            return GC.GetAllocatedBytesForCurrentThread() - before;
        }

        for (var warmup = 0; warmup < 5; warmup++)
        {
            Allocated();
        }

        Assert.Equal(0, Allocated());
    }
}
