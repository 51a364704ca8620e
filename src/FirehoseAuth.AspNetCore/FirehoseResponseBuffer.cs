using System.Buffers;
using Microsoft.Extensions.ObjectPool;

namespace FirehoseAuth.AspNetCore;

/// <summary>
/// A pooled <see cref="IBufferWriter{T}"/> that holds one response body, so its length is known before the headers
/// are sent. Instances and their arrays are reused; nothing is allocated per request in steady state.
/// </summary>
/// <remarks>
/// The body is written in one piece: <see cref="FirehoseAuth.Protocol.FirehoseResponseWriter.Write"/> asks once, before writing, for
/// exactly the body's length (<see cref="FirehoseAuth.Protocol.FirehoseResponseWriter.GetByteCount"/>). So the buffer never grows: a
/// body larger than the array it holds gets one array of its exact size from the pool in place of the old one, and
/// nothing is copied. Asking for more room once bytes are written is a programmer error.
/// </remarks>
internal sealed class FirehoseResponseBuffer : IBufferWriter<byte>
{
    /// <summary>Large enough for any success body and most error bodies.</summary>
    private const int InitialSize = 1024;

    /// <summary>Arrays larger than this (for long error messages) go back to the array pool instead of staying with the instance.</summary>
    private const int MaxRetainedSize = 16 * 1024;

    private static readonly ObjectPool<FirehoseResponseBuffer> Pool = new DefaultObjectPool<FirehoseResponseBuffer>(new Policy(), Environment.ProcessorCount * 4);

    private byte[] _buffer = ArrayPool<byte>.Shared.Rent(InitialSize);
    private int _written;

    /// <summary>Gets the bytes written so far; valid until the buffer is returned with <see cref="Return"/>.</summary>
    public ReadOnlyMemory<byte> WrittenMemory => _buffer.AsMemory(0, _written);

    /// <summary>Gets the number of bytes written.</summary>
    public int WrittenCount => _written;

    public static FirehoseResponseBuffer Rent() => Pool.Get();

    public static void Return(FirehoseResponseBuffer buffer) => Pool.Return(buffer);

    public void Advance(int count)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(count);
        if (_written + count > _buffer.Length)
        {
            throw new InvalidOperationException("Advanced past the end of the buffer.");
        }

        _written += count;
    }

    public Memory<byte> GetMemory(int sizeHint = 0)
    {
        Ensure(sizeHint);
        return _buffer.AsMemory(_written);
    }

    public Span<byte> GetSpan(int sizeHint = 0)
    {
        Ensure(sizeHint);
        return _buffer.AsSpan(_written);
    }

    private void Ensure(int sizeHint)
    {
        var needed = _written + Math.Max(sizeHint, 1);
        if (needed <= _buffer.Length)
        {
            return;
        }

        if (_written != 0)
        {
            throw new InvalidOperationException("A Firehose response body is written in one piece: room for all of it is asked for before the first byte.");
        }

        ArrayPool<byte>.Shared.Return(_buffer);
        _buffer = ArrayPool<byte>.Shared.Rent(needed);
    }

    private void Reset()
    {
        _written = 0;
        if (_buffer.Length > MaxRetainedSize)
        {
            ArrayPool<byte>.Shared.Return(_buffer);
            _buffer = ArrayPool<byte>.Shared.Rent(InitialSize);
        }
    }

    private sealed class Policy : PooledObjectPolicy<FirehoseResponseBuffer>
    {
        public override FirehoseResponseBuffer Create() => new();

        public override bool Return(FirehoseResponseBuffer obj)
        {
            obj.Reset();
            return true;
        }
    }
}
