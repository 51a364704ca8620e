using System.Buffers;

namespace FirehoseAuth.Protocol;

/// <summary>
/// <see cref="ArrayPool{T}.Shared"/> with a count of the arrays currently rented from it, so that tests can prove every
/// buffer a delivery used went back (one <see cref="Interlocked"/> operation per rent and per return).
/// </summary>
internal sealed class FirehoseBufferPool : ArrayPool<byte>
{
    private long _outstanding;

    private FirehoseBufferPool()
    {
    }

    /// <summary>Gets the pool the public parser entry points use.</summary>
    public static FirehoseBufferPool Instance { get; } = new();

    /// <summary>Gets the number of arrays rented and not yet returned.</summary>
    public long Outstanding => Interlocked.Read(ref _outstanding);

    public override byte[] Rent(int minimumLength)
    {
        var array = Shared.Rent(minimumLength);
        Interlocked.Increment(ref _outstanding);
        return array;
    }

    public override void Return(byte[] array, bool clearArray = false)
    {
        Interlocked.Decrement(ref _outstanding);
        Shared.Return(array, clearArray);
    }
}
