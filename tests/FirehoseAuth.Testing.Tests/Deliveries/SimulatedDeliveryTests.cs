using System.IO.Compression;
using System.Text;
using FirehoseAuth.Protocol;
using Microsoft.Extensions.Time.Testing;

namespace FirehoseAuth.Testing.Tests.Deliveries;

public sealed class SimulatedDeliveryTests
{
    [Fact]
    public void The_body_is_compact_json_with_unescaped_base64_and_a_millisecond_timestamp()
    {
        var clock = new FakeTimeProvider(DateTimeOffset.FromUnixTimeMilliseconds(1_700_000_000_123));
        var delivery = new SimulatedDelivery([new byte[] { 0xFB, 0xFF }, ReadOnlyMemory<byte>.Empty], clock) { RequestId = "7b2c1a9e-0d4f-4c55-9a63-2f1e8d3b6a10" };

        Assert.Equal("{\"requestId\":\"7b2c1a9e-0d4f-4c55-9a63-2f1e8d3b6a10\",\"timestamp\":1700000000123,\"records\":[{\"data\":\"+/8=\"},{\"data\":\"\"}]}", Encoding.UTF8.GetString(delivery.Json.Span));
    }

    [Fact]
    public async Task The_request_carries_firehose_headers_and_a_gzip_body_that_inflates_to_the_json()
    {
        var delivery = new SimulatedDelivery(FirehoseRecords.FromStrings("x")) { Gzip = true, CommonAttributes = new Dictionary<string, string> { ["a"] = "1" } };
        using var request = delivery.CreateRequest(new Uri("http://receiver.test/firehose"), "key");

        Assert.Equal(HttpMethod.Post, request.Method);
        Assert.Equal("1.0", request.Headers.GetValues(FirehoseHeaderNames.ProtocolVersion).Single());
        Assert.Equal(delivery.RequestId, request.Headers.GetValues(FirehoseHeaderNames.RequestId).Single());
        Assert.Equal("key", request.Headers.GetValues(FirehoseHeaderNames.AccessKey).Single());
        Assert.Equal(SimulatedDelivery.DefaultSourceArn, request.Headers.GetValues(FirehoseHeaderNames.SourceArn).Single());
        Assert.Equal("{\"commonAttributes\":{\"a\":\"1\"}}", request.Headers.GetValues(FirehoseHeaderNames.CommonAttributes).Single());
        Assert.Equal("application/json", request.Content!.Headers.ContentType!.MediaType);
        Assert.Equal("gzip", request.Content.Headers.ContentEncoding.Single());
        using var inflated = new MemoryStream();
        await using (var gzip = new GZipStream(await request.Content.ReadAsStreamAsync(), CompressionMode.Decompress))
        {
            await gzip.CopyToAsync(inflated);
        }

        Assert.Equal(delivery.Json.ToArray(), inflated.ToArray());
    }

    [Fact]
    public async Task A_cloudwatch_logs_record_is_gzip_d_subscription_json()
    {
        var record = CloudWatchLogsRecords.DataMessage("/aws/lambda/f", "2026/12/05", [new SimulatedLogEvent("1", DateTimeOffset.FromUnixTimeMilliseconds(5), "hi")]);

        using var inflated = new MemoryStream();
        await using (var gzip = new GZipStream(new MemoryStream(record), CompressionMode.Decompress))
        {
            await gzip.CopyToAsync(inflated);
        }

        Assert.Equal("{\"messageType\":\"DATA_MESSAGE\",\"owner\":\"123456789012\",\"logGroup\":\"/aws/lambda/f\",\"logStream\":\"2026/12/05\",\"subscriptionFilters\":[\"firehose-sim\"],\"logEvents\":[{\"id\":\"1\",\"timestamp\":5,\"message\":\"hi\"}]}", Encoding.UTF8.GetString(inflated.ToArray()));
    }
}
