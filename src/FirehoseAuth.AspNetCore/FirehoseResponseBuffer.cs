using System.Buffers;
using Microsoft.Extensions.ObjectPool;

namespace FirehoseAuth.AspNetCore;

/// <summary>
/// A pooled <see cref="IBufferWriter{T}"/> that holds one response body, so its length is known before the headers
/// are sent. Instances and their arrays are reused; nothing is allocated per request in steady state.
/// </summary>
internal sealed class FirehoseResponseBuffer : IBufferWriter<byte>
{
    /// <summary>Large enough for any success body and most error bodies.</summary>
    private const int InitialSize = 1024;

    /// <summary>Arrays grown past this (long error messages) go back to the array pool instead of staying with the instance.</summary>
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

        var larger = ArrayPool<byte>.Shared.Rent(Math.Max(needed, _buffer.Length * 2));
        _buffer.AsSpan(0, _written).CopyTo(larger);
        ArrayPool<byte>.Shared.Return(_buffer);
        _buffer = larger;
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
