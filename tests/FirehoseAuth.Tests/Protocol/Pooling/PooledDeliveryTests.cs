using FirehoseAuth.Protocol;

namespace FirehoseAuth.Tests.Protocol;

[Collection(nameof(DeliveryPoolCollection))]
public sealed class PooledDeliveryTests
{
    private static readonly FirehoseRequestHeaders Headers = new() { RequestId = FirehoseBody.RequestId };

    [Fact]
    public void A_disposed_delivery_throws_until_its_instance_is_handed_out_again()
    {
        Assert.True(FirehoseRequestParser.TryParse(FirehoseBody.With(FirehoseBody.Hello), Headers, new FirehoseParserOptions(), out var delivery, out _));
        delivery.Dispose();

        Assert.Throws<ObjectDisposedException>(() => delivery.Records);
        Assert.Throws<ObjectDisposedException>(() => delivery.RequestId);
        Assert.Throws<ObjectDisposedException>(() => delivery.TimestampMilliseconds);
        Assert.Throws<ObjectDisposedException>(() => delivery.SourceArn);
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
    public async Task A_successful_parse_decoded_from_a_pipes_segments_allocates_nothing_in_steady_state()
    {
        var body = FirehoseBody.With([.. Enumerable.Range(0, 200).Select(i => new byte[i * 7])]);
        var pipe = new SegmentedPipeReader(body, readSize: 64 * 1024, segmentSizes: [4096, 100, 7]);
        var headers = Headers with { ContentLength = body.Length };
        var options = new FirehoseParserOptions();

        for (var round = 0; round < 6; round++)
        {
            // Every read completes synchronously, so the test stays on this thread.
            var before = GC.GetAllocatedBytesForCurrentThread();
            for (var i = 0; i < 20; i++)
            {
                pipe.Reset();
                using var delivery = (await FirehoseRequestParser.ParseAsync(pipe, headers, options, CancellationToken.None)).Delivery!;
                Assert.True(delivery.Records.Count == 200);
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
