using System.Buffers;

namespace FirehoseAuth.Protocol;

/// <summary>An <see cref="IInflateSink"/> that writes into one pooled array, grown (<see cref="PooledArray.Grow"/>) when full.</summary>
internal struct PooledArraySink : IInflateSink
{
    /// <summary>The bytes the array grows by at least, once full.</summary>
    private const int GrowthChunk = 16 * 1024;

    private readonly ArrayPool<byte> _pool;
    private readonly long _maxLength;

    /// <summary>Starts writing at the start of <paramref name="array"/>, which grows to at most <paramref name="maxLength"/> bytes.</summary>
    public PooledArraySink(ArrayPool<byte> pool, byte[] array, long maxLength)
    {
        _pool = pool;
        Array = array;
        _maxLength = maxLength;
    }

    /// <summary>Gets the array (after a growth, a new one; the caller owns it).</summary>
    public byte[] Array { get; private set; }

    public Span<byte> GetSpace(int written, int room)
    {
        if (written == Array.Length)
        {
            var array = Array;
            Array = PooledArray.Grow(_pool, ref array, written, written + GrowthChunk, _maxLength);
        }

        return Array.AsSpan(written);
    }

    public readonly ReadOnlySpan<byte> GetWritten(int written) => Array.AsSpan(0, written);
}
