using System.Buffers;
using FirehoseAuth.Protocol;

namespace FirehoseAuth.AspNetCore.Tests;

public sealed class FirehoseResponseBufferTests
{
    private const string RequestId = "ed4acda5-034f-9f42-bba1-f29aea6d7d8f";
    private static readonly DateTimeOffset Now = new(2026, 12, 7, 12, 0, 0, TimeSpan.Zero);

    [Theory]
    [InlineData(0)] // a success body: no message
    [InlineData(5)]
    [InlineData(2_000)] // over the 1 KiB array an instance starts with
    [InlineData(8_192)] // the longest message, escaped to over the 16 KiB an instance keeps
    public void A_body_is_held_whole_and_byte_for_byte_what_the_writer_writes(int messageLength)
    {
        var errorMessage = messageLength == 0 ? null : new string('"', messageLength / 2) + new string('é', messageLength - (messageLength / 2));
        var expected = new ArrayBufferWriter<byte>();
        FirehoseResponseWriter.Write(expected, RequestId, Now, errorMessage);
        var buffer = FirehoseResponseBuffer.Rent();
        try
        {
            var written = FirehoseResponseWriter.Write(buffer, RequestId, Now, errorMessage);

            Assert.Equal(FirehoseResponseWriter.GetByteCount(RequestId, Now, errorMessage), written);
            Assert.Equal(written, buffer.WrittenCount);
            Assert.Equal(expected.WrittenSpan.ToArray(), buffer.WrittenMemory.ToArray());
        }
        finally
        {
            FirehoseResponseBuffer.Return(buffer);
        }
    }

    [Fact]
    public void A_returned_buffer_comes_back_empty()
    {
        var buffer = FirehoseResponseBuffer.Rent();
        FirehoseResponseWriter.Write(buffer, RequestId, Now, new string('x', 20_000));
        FirehoseResponseBuffer.Return(buffer);

        var again = FirehoseResponseBuffer.Rent();
        try
        {
            Assert.Equal(0, again.WrittenCount);
            Assert.True(again.WrittenMemory.IsEmpty);
        }
        finally
        {
            FirehoseResponseBuffer.Return(again);
        }
    }

    [Fact]
    public void Asking_for_more_room_once_bytes_are_written_is_refused_rather_than_copied()
    {
        var buffer = FirehoseResponseBuffer.Rent();
        try
        {
            buffer.GetSpan(10);
            buffer.Advance(10);

            Assert.Throws<InvalidOperationException>(() => buffer.GetSpan(64 * 1024));
            Assert.Equal(10, buffer.WrittenCount);
        }
        finally
        {
            FirehoseResponseBuffer.Return(buffer);
        }
    }

    [Fact]
    public void Advancing_past_the_room_given_throws()
    {
        var buffer = FirehoseResponseBuffer.Rent();
        try
        {
            var room = buffer.GetSpan(1).Length;

            Assert.Throws<InvalidOperationException>(() => buffer.Advance(room + 1));
            Assert.Throws<ArgumentOutOfRangeException>(() => buffer.Advance(-1));
        }
        finally
        {
            FirehoseResponseBuffer.Return(buffer);
        }
    }

    [Theory]
    [InlineData(null)]
    [InlineData("Access key missing.")]
    public void Renting_writing_and_returning_allocates_nothing_in_steady_state(string? errorMessage)
    {
        long Allocated()
        {
            var before = GC.GetAllocatedBytesForCurrentThread();
            for (var i = 0; i < 100; i++)
            {
                var buffer = FirehoseResponseBuffer.Rent();
                FirehoseResponseWriter.Write(buffer, RequestId, Now, errorMessage);
                FirehoseResponseBuffer.Return(buffer);
            }

            return GC.GetAllocatedBytesForCurrentThread() - before;
        }

        // Tests running in parallel (real servers) rent from the same pool and may leave it empty for a moment, which
        // makes one round create an instance; a per-request allocation would show in every round.
        Allocated();
        Assert.Equal(0, Enumerable.Range(0, 5).Min(_ => Allocated()));
    }
}
