using System.Threading.Channels;
using Microsoft.Extensions.Time.Testing;

namespace FirehoseAuth.Testing.Tests.Batching;

/// <summary>Buffering hints under a fake clock: the interval flush and the size hint, both exact at their edges.</summary>
public sealed class FirehoseBatcherTests
{
    private const int QuarterMiB = 256 * 1024;

    [Fact]
    public async Task Buffered_records_are_sent_when_the_oldest_has_waited_the_interval_and_not_a_millisecond_before()
    {
        var clock = new FakeTimeProvider(new DateTimeOffset(2030, 1, 1, 0, 0, 0, TimeSpan.Zero));
        var source = Channel.CreateUnbounded<ReadOnlyMemory<byte>>();
        source.Writer.TryWrite(new byte[] { 1 });
        source.Writer.TryWrite(new byte[] { 2 });
        var hints = new FirehoseBufferingHints { SizeInMiB = 1, Interval = TimeSpan.FromSeconds(60) };
        await using var batches = FirehoseBatcher.BatchAsync(source.Reader.ReadAllAsync(), hints, clock).GetAsyncEnumerator();

        var first = batches.MoveNextAsync().AsTask();
        clock.Advance(TimeSpan.FromSeconds(60) - TimeSpan.FromMilliseconds(1));
        Assert.False(first.IsCompleted);
        clock.Advance(TimeSpan.FromMilliseconds(1));

        Assert.True(await first);
        Assert.Equal([[1], [2]], batches.Current.Select(r => r.ToArray()));

        // The next batch's interval starts with its own first record, and the end of the stream sends what is left.
        var second = batches.MoveNextAsync().AsTask();
        clock.Advance(TimeSpan.FromSeconds(120));
        Assert.False(second.IsCompleted);
        source.Writer.TryWrite(new byte[] { 3 });
        source.Writer.Complete();
        Assert.True(await second);
        Assert.Equal([[3]], batches.Current.Select(r => r.ToArray()));
        Assert.False(await batches.MoveNextAsync());
    }

    [Theory]
    [InlineData(0, new[] { 4, 1 })]
    [InlineData(1, new[] { 5 })]
    public async Task A_batch_is_sent_as_soon_as_its_record_bytes_reach_the_1_MiB_size_hint(int shortBy, int[] expected)
    {
        var clock = new FakeTimeProvider();
        var source = Channel.CreateUnbounded<ReadOnlyMemory<byte>>();
        for (var i = 0; i < 5; i++)
        {
            source.Writer.TryWrite(new byte[i == 3 ? QuarterMiB - shortBy : QuarterMiB]);
        }

        source.Writer.Complete();
        var hints = new FirehoseBufferingHints { SizeInMiB = 1, Interval = TimeSpan.FromSeconds(900) };

        var sizes = new List<int>();
        await foreach (var batch in FirehoseBatcher.BatchAsync(source.Reader.ReadAllAsync(), hints, clock))
        {
            sizes.Add(batch.Count);
        }

        // The fake clock never moves, so no batch here was sent by the interval.
        Assert.Equal(expected, sizes);
    }
}
