using System.Runtime.InteropServices;
using System.Text;
using FirehoseAuth.Protocol;

namespace FirehoseAuth.Tests.Protocol;

public sealed class GzipRecordTests
{
    private static readonly FirehoseParserOptions Decompress = new() { DecompressGzipRecords = true };

    [Fact]
    public async Task Gzip_records_are_decompressed_when_enabled()
    {
        var plain = Encoding.UTF8.GetBytes(string.Concat(Enumerable.Repeat("{\"message\":\"log line\"}\n", 500)));
        var delivery = await Parse.SucceedsAsync(FirehoseBody.With(FirehoseBody.Gzip(plain), "plain"u8.ToArray(), FirehoseBody.Gzip(FirehoseBody.Hello)), options: Decompress);
        Assert.Equal([plain, "plain"u8.ToArray(), FirehoseBody.Hello], delivery.Records);
    }

    [Fact]
    public async Task Gzip_records_are_left_compressed_by_default()
    {
        var compressed = FirehoseBody.Gzip(FirehoseBody.Hello);
        var delivery = await Parse.SucceedsAsync(FirehoseBody.With(compressed));
        Assert.Equal(compressed, delivery.Records.Single());
    }

    [Fact]
    public async Task A_record_with_gzip_magic_but_another_method_is_left_as_is()
    {
        byte[] record = [0x1F, 0x8B, 0x07, 1, 2, 3];
        var delivery = await Parse.SucceedsAsync(FirehoseBody.With(record), options: Decompress);
        Assert.Equal(record, delivery.Records.Single());
    }

    [Fact]
    public async Task A_record_that_decompresses_beyond_its_limit_is_refused_with_400_so_Firehose_backs_it_up()
    {
        var options = new FirehoseParserOptions { DecompressGzipRecords = true, MaxDecompressedRecordSize = 10_000 };
        var error = await Parse.FailsAsync(FirehoseBody.With(FirehoseBody.Gzip(new byte[10_001])), options: options);
        Assert.Equal(FirehoseErrorCode.InvalidRecordData, error.Code);
        Assert.Equal(400, error.StatusCode);
    }

    [Fact]
    public async Task A_record_that_decompresses_to_exactly_its_limit_is_accepted()
    {
        var options = new FirehoseParserOptions { DecompressGzipRecords = true, MaxDecompressedRecordSize = 10_000 };
        var delivery = await Parse.SucceedsAsync(FirehoseBody.With(FirehoseBody.Gzip(new byte[10_000])), options: options);
        Assert.Equal(10_000, delivery.Records.Single().Length);
    }

    [Fact]
    public async Task Gzip_records_that_together_decompress_beyond_the_delivery_limit_are_refused_with_400_naming_the_record()
    {
        var options = new FirehoseParserOptions { DecompressGzipRecords = true, MaxDecompressedDeliverySize = 25_000 };
        var record = FirehoseBody.Gzip(new byte[10_000]);
        var error = await Parse.FailsAsync(FirehoseBody.With(record, record, record), options: options);
        Assert.Equal(FirehoseErrorCode.InvalidRecordData, error.Code);
        Assert.Equal(400, error.StatusCode);
        Assert.Contains("Record 2", error.Message, StringComparison.Ordinal);
        Assert.Contains("MaxDecompressedDeliverySize", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Gzip_records_that_together_decompress_to_exactly_the_delivery_limit_are_accepted()
    {
        var options = new FirehoseParserOptions { DecompressGzipRecords = true, MaxDecompressedDeliverySize = 30_000 };
        var record = FirehoseBody.Gzip(new byte[10_000]);
        var delivery = await Parse.SucceedsAsync(FirehoseBody.With(record, "plain"u8.ToArray(), record, record), options: options);
        Assert.Equal([10_000, 5, 10_000, 10_000], delivery.Records.Select(r => r.Length));
    }

    [Fact]
    public async Task A_corrupt_gzip_record_is_refused_with_400()
    {
        var record = FirehoseBody.Gzip(Encoding.ASCII.GetBytes(new string('a', 2000)));
        record[12] ^= 0xFF;
        record[13] ^= 0xFF;
        await AssertInvalid(record);
    }

    [Fact]
    public async Task A_truncated_gzip_record_is_refused_with_400()
        => await AssertInvalid(FirehoseBody.Gzip(Encoding.ASCII.GetBytes(new string('a', 2000)))[..^6]);

    [Fact]
    public void A_gzip_record_is_decompressed_once_and_the_record_points_at_the_decompressed_bytes()
    {
        Assert.True(FirehoseRequestParser.TryParse(FirehoseBody.With(FirehoseBody.Gzip(FirehoseBody.Hello)), default, Decompress, out var delivery, out _));
        using (delivery)
        {
            Assert.True(MemoryMarshal.TryGetArray(delivery.Records[0], out var first));
            Assert.True(MemoryMarshal.TryGetArray(delivery.Records[0], out var second));
            Assert.Same(first.Array, second.Array);
            Assert.Equal(first.Offset, second.Offset);
            Assert.Equal(FirehoseBody.Hello, first.ToArray());
        }
    }

    private static async Task AssertInvalid(byte[] record)
    {
        var error = await Parse.FailsAsync(FirehoseBody.With(FirehoseBody.Hello, record), options: Decompress);
        Assert.Equal(FirehoseErrorCode.InvalidRecordData, error.Code);
        Assert.Equal(400, error.StatusCode);
        Assert.Contains("Record 1", error.Message, StringComparison.Ordinal);
    }
}
