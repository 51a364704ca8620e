using System.Buffers;
using System.Runtime.CompilerServices;
using FirehoseAuth.Protocol;

namespace FirehoseAuth.AspNetCore.Tests.Infrastructure;

/// <summary>
/// <see cref="ArrayPool{T}.Shared"/> with a count of the arrays rented from it and not yet returned, installed as the
/// parser's pool (and delivery counting turned on) when this assembly loads, before any parse, so that tests through
/// Kestrel can prove every buffer and delivery went back.
/// </summary>
internal sealed class CountingSharedPool : ArrayPool<byte>
{
    private long _outstanding;

    public static CountingSharedPool Instance { get; } = new();

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

#pragma warning disable CA2255 // A test assembly, not a library: the counters must be in place before the first parse.
    [ModuleInitializer]
#pragma warning restore CA2255
    internal static void Install()
    {
        FirehoseBufferPool.Instance = Instance;
        DeliveryPool.CountOutstanding = true;
    }
}
