using FirehoseAuth.Protocol;

namespace FirehoseAuth.Tests.Protocol;

public sealed class GzipBodyTests
{
    private static readonly FirehoseRequestHeaders Gzip = new() { ContentEncoding = "gzip" };

    [Fact]
    public async Task A_gzip_body_is_decompressed_before_parsing()
    {
        var delivery = await Parse.SucceedsAsync(FirehoseBody.Gzip(FirehoseBody.With("one"u8.ToArray(), "two"u8.ToArray())), Gzip);
        Assert.Equal(["one"u8.ToArray(), "two"u8.ToArray()], delivery.Records);
    }

    [Fact]
    public async Task A_gzip_body_of_several_members_is_decompressed_whole()
    {
        var json = FirehoseBody.With(FirehoseBody.Hello);
        var half = json.Length / 2;
        var delivery = await Parse.SucceedsAsync([.. FirehoseBody.Gzip(json[..half]), .. FirehoseBody.Gzip(json[half..])], Gzip);
        Assert.Equal(FirehoseBody.Hello, delivery.Records.Single());
    }

    [Theory]
    [InlineData("plain JSON declared gzip")]
    [InlineData("gzip whose ISIZE trailer claims 60 MiB")]
    public void A_tiny_body_whose_size_trailer_lies_does_not_rent_a_huge_buffer(string shape)
    {
        // Regression: the untrusted ISIZE sized the output buffer, so ~100 bytes made the parser rent about 110 MiB.
        // Now the densest deflate ratio (1032) bounds the output, plus room for the decoded records (3/4 of it).
        var wire = shape.StartsWith("plain", StringComparison.Ordinal) ? FirehoseBody.With(FirehoseBody.Hello) : FirehoseBody.Gzip(FirehoseBody.With(FirehoseBody.Hello));
        if (!shape.StartsWith("plain", StringComparison.Ordinal))
        {
            System.Buffers.Binary.BinaryPrimitives.WriteUInt32LittleEndian(wire.AsSpan(wire.Length - 4), 60 * 1024 * 1024);
        }

        var pool = new CountingArrayPool();
        var accepted = FirehoseRequestParser.TryParse(wire, Gzip, new FirehoseParserOptions(), pool, allowFastPath: true, out var delivery, out var error);

        delivery?.Dispose();
        Assert.False(accepted);
        Assert.Equal(400, error!.StatusCode);
        Assert.True(pool.LargestRequest < wire.Length * 2000, $"rented {pool.LargestRequest} bytes for a {wire.Length}-byte body");
        Assert.Equal(0, pool.Outstanding);
    }

    [Fact]
    public async Task A_body_declared_gzip_that_is_not_gzip_is_refused_with_400()
        => await AssertInvalid(FirehoseBody.With(FirehoseBody.Hello));

    [Fact]
    public async Task A_corrupt_gzip_body_is_refused_with_400()
    {
        var wire = FirehoseBody.Gzip(FirehoseBody.With(new byte[5000]));
        wire[wire.Length / 2] ^= 0x55;
        wire[(wire.Length / 2) + 1] ^= 0xAA;
        await AssertInvalid(wire);
    }

    [Theory]
    [InlineData(1)]
    [InlineData(4)]
    [InlineData(8)]
    [InlineData(9)]
    [InlineData(100)]
    public async Task A_truncated_gzip_body_is_refused_with_400(int missingBytes)
    {
        var random = new byte[3000];
        new Random(11).NextBytes(random);
        var wire = FirehoseBody.Gzip(FirehoseBody.With(random));
        await AssertInvalid(wire[..^missingBytes]);
    }

    [Fact]
    public async Task Garbage_after_the_gzip_stream_is_refused_with_400()
        => await AssertInvalid([.. FirehoseBody.Gzip(FirehoseBody.With(FirehoseBody.Hello)), 1, 2, 3, 4, 5, 6, 7, 8, 9, 10]);

    [Fact]
    public async Task An_empty_body_declared_gzip_is_refused_with_400()
        => await AssertInvalid([]);

    private static async Task AssertInvalid(byte[] wire)
    {
        var error = await Parse.FailsAsync(wire, Gzip);
        Assert.Equal(FirehoseErrorCode.InvalidContentEncoding, error.Code);
        Assert.Equal(400, error.StatusCode);
    }
}
