using FirehoseAuth.Protocol;

namespace FirehoseAuth.Tests.Protocol;

public sealed class GzipInflaterTests
{
    [Fact]
    public void Output_of_exactly_the_cap_is_gunzipped_whole_even_in_one_byte_spaces()
    {
        var data = Enumerable.Range(0, 5000).Select(i => (byte)(i * 7)).ToArray();
        var (status, output) = Inflate(FirehoseBody.Gzip(data), maxLength: data.Length, spaceLength: 1);
        Assert.Equal(InflateStatus.Ok, status);
        Assert.Equal(data, output);
    }

    [Fact]
    public void Output_one_byte_past_the_cap_is_too_large()
        => Assert.Equal(InflateStatus.TooLarge, Inflate(FirehoseBody.Gzip(new byte[5001]), maxLength: 5000, spaceLength: 4096).Status);

    [Fact]
    public void A_sink_with_no_more_room_stops_the_gunzip_as_too_large()
        => Assert.Equal(InflateStatus.TooLarge, Inflate(FirehoseBody.Gzip(new byte[5000]), maxLength: 10_000, spaceLength: 1000, capacity: 4000).Status);

    [Fact]
    public void A_truncated_input_is_corrupt()
        => Assert.Equal(InflateStatus.Corrupt, Inflate(FirehoseBody.Gzip(new byte[5000])[..^4], maxLength: 10_000, spaceLength: 4096).Status);

    [Fact]
    public void An_input_with_trailing_garbage_is_corrupt()
        => Assert.Equal(InflateStatus.Corrupt, Inflate([.. FirehoseBody.Gzip(new byte[50]), 1, 2, 3], maxLength: 10_000, spaceLength: 4096).Status);

    [Theory]
    [InlineData(1000, 5000L, 0L, 1000, false)]
    [InlineData(1000, 5000L, 4500L, 500, true)]
    [InlineData(1000, 5000L, 6000L, 0, true)]
    [InlineData(1000, 5000L, 4000L, 1000, false)]
    public void A_records_cap_is_the_lower_of_its_own_and_what_the_delivery_has_left(int maxRecord, long maxDelivery, long inflatedSoFar, int expected, bool deliveryBinds)
    {
        Assert.Equal(expected, DecompressionCap.ForRecord(maxRecord, maxDelivery, inflatedSoFar, out var binds));
        Assert.Equal(deliveryBinds, binds);
    }

    private static (InflateStatus Status, byte[] Output) Inflate(byte[] gzip, int maxLength, int spaceLength, int capacity = 1 << 20)
    {
        var input = new byte[gzip.Length + GzipInflater.SentinelLength];
        gzip.CopyTo(input, 0);
        var sink = new ArraySink(new byte[capacity], spaceLength);
        var status = GzipInflater.Inflate(input, 0, gzip.Length, maxLength, ref sink, out var length);
        return (status, sink.Array[..length]);
    }

    /// <summary>Gives at most <c>spaceLength</c> bytes at a time from a fixed array, and nothing once it is full.</summary>
    private readonly struct ArraySink(byte[] array, int spaceLength) : IInflateSink
    {
        public byte[] Array => array;

        public Span<byte> GetSpace(int written, int room) => array.AsSpan(written, Math.Min(spaceLength, array.Length - written));

        public ReadOnlySpan<byte> GetWritten(int written) => array.AsSpan(0, written);
    }
}
