using System.Buffers;

namespace FirehoseAuth.Protocol;

/// <summary>
/// The pooled array a body is read into, sized from <c>Content-Length</c> when known and grown otherwise, never
/// accepting more than one byte past the most the body may have.
/// </summary>
internal struct BodyBuffer
{
    private readonly long? _declaredLength;
    private readonly int _max;
    private readonly bool _gzip;
    private readonly ArrayPool<byte> _pool;
    private byte[] _array;
    private int _length;

    public BodyBuffer(long? declaredLength, int maxLength, bool gzip, ArrayPool<byte> pool)
    {
        _declaredLength = declaredLength;
        _max = declaredLength is { } declared ? (int)declared : maxLength;
        _gzip = gzip;
        _pool = pool;
        _array = pool.Rent(declaredLength is null ? Math.Min(_max + 1, BodyLayout.InitialUnknownLength) : _max + 1 + Extra(_max));
        _length = 0;
    }

    /// <summary>Gets the most bytes still worth reading (one past the limit, to detect a body that is too long).</summary>
    public readonly int Wanted => _max + 1 - _length;

    /// <summary>Gets whether the body already went past its limit.</summary>
    public readonly bool Overflowed => _length > _max;

    /// <summary>Returns where the next read goes, growing the array when it is full.</summary>
    public Memory<byte> NextRead()
    {
        if (_length == _array.Length)
        {
            Grow(_length + 1);
        }

        return _array.AsMemory(_length, Math.Min(_array.Length, _max + 1) - _length);
    }

    /// <summary>Appends bytes that were read somewhere else (a pipe's segments), at most <see cref="Wanted"/>.</summary>
    public void Append(in ReadOnlySequence<byte> bytes)
    {
        var needed = _length + (int)bytes.Length;
        if (needed > _array.Length)
        {
            Grow(needed);
        }

        bytes.CopyTo(_array.AsSpan(_length));
        _length = needed;
    }

    public void Advance(int count) => _length += count;

    /// <summary>Returns the array to the pool (on an exception).</summary>
    public readonly void Release() => _pool.Return(_array);

    /// <summary>Returns the error for a whole body of <paramref name="length"/> bytes against its declared length or the limit, if any.</summary>
    public static FirehoseError? CheckLength(long length, long? declaredLength, int maxLength) => declaredLength switch
    {
        { } declared when length > declared => FirehoseErrors.BodyLongerThanContentLength,
        { } declared when length < declared => FirehoseErrors.BodyShorterThanContentLength,
        null when length > maxLength => FirehoseErrors.BodyTooLarge,
        _ => null,
    };

    /// <summary>Hands the array over, or returns it to the pool with the error.</summary>
    public BodyReadResult Finish()
    {
        if (CheckLength(_length, _declaredLength, _max) is { } error)
        {
            _pool.Return(_array);
            return new BodyReadResult(null, 0, error);
        }

        // A gzip'd body of unknown length may have filled the array: GzipInflater needs room for its end marker.
        if (_gzip && _array.Length - _length < GzipInflater.SentinelLength)
        {
            Grow(_length + GzipInflater.SentinelLength);
        }

        return new BodyReadResult(_array, _length, null);
    }

    private readonly int Extra(int length) => _gzip ? GzipInflater.SentinelLength : BodyLayout.DataCapacity(length);

    private void Grow(int needed) => PooledArray.Grow(_pool, ref _array, _length, needed, _max + 1L + Extra(_max));
}
