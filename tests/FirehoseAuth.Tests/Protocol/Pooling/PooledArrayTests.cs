using FirehoseAuth.Protocol;

namespace FirehoseAuth.Tests.Protocol;

public sealed class PooledArrayTests
{
    [Fact]
    public void Growing_doubles_keeps_the_bytes_in_use_and_returns_the_old_array()
    {
        var pool = new CountingArrayPool();
        var array = pool.Rent(8);
        "abcdefgh"u8.CopyTo(array);
        var old = array;

        var grown = PooledArray.Grow(pool, ref array, keep: 5, needed: 9, max: 1000);

        Assert.Same(grown, array);
        Assert.Equal(16, array.Length);
        Assert.Equal("abcde"u8.ToArray(), array[..5]);
        Assert.Equal(1, pool.Outstanding);
        Assert.Throws<InvalidOperationException>(() => pool.Return(old));
    }

    [Fact]
    public void Growing_takes_what_is_needed_when_that_is_more_than_twice()
    {
        var pool = new CountingArrayPool();
        var array = pool.Rent(8);
        PooledArray.Grow(pool, ref array, keep: 8, needed: 100, max: 1000);
        Assert.Equal(100, array.Length);
    }

    [Fact]
    public void Growing_never_asks_for_more_than_the_cap()
    {
        var pool = new CountingArrayPool();
        var array = pool.Rent(600);
        PooledArray.Grow(pool, ref array, keep: 600, needed: 601, max: 700);
        Assert.Equal(700, array.Length);
        Assert.Equal(700, pool.LargestRequest);
    }
}
