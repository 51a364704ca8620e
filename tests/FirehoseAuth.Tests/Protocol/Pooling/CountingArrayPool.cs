using System.Buffers;
using System.Runtime.CompilerServices;

namespace FirehoseAuth.Tests.Protocol;

/// <summary>An array pool that tracks every array it hands out and fails on a second return or an unknown array.</summary>
internal sealed class CountingArrayPool : ArrayPool<byte>
{
    private readonly HashSet<byte[]> _outstanding = new(ReferenceEqualityComparer.Instance);
    private readonly Lock _lock = new();

    public int Rented { get; private set; }

    public int Returned { get; private set; }

    /// <summary>Gets the largest length any <see cref="Rent"/> asked for.</summary>
    public int LargestRequest { get; private set; }

    public int Outstanding
    {
        get
        {
            lock (_lock)
            {
                return _outstanding.Count;
            }
        }
    }

    public override byte[] Rent(int minimumLength)
    {
        var array = new byte[minimumLength];
        lock (_lock)
        {
            _outstanding.Add(array);
            Rented++;
            LargestRequest = Math.Max(LargestRequest, minimumLength);
        }

        return array;
    }

    public override void Return(byte[] array, bool clearArray = false)
    {
        lock (_lock)
        {
            if (!_outstanding.Remove(array))
            {
                throw new InvalidOperationException($"An array was returned twice or was not rented here (hash {RuntimeHelpers.GetHashCode(array)}).");
            }

            Returned++;
        }
    }
}
