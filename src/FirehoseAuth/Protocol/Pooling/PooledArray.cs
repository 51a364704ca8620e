using System.Buffers;

namespace FirehoseAuth.Protocol;

/// <summary>The one growth rule for pooled byte arrays: double, or more when more is needed, but never past a cap.</summary>
internal static class PooledArray
{
    /// <summary>
    /// Replaces <paramref name="array"/> by a longer one rented from <paramref name="pool"/>, copies its first
    /// <paramref name="keep"/> bytes over and returns the old array to the pool.
    /// </summary>
    /// <param name="pool">The pool the array came from.</param>
    /// <param name="array">The array; on return, the new one.</param>
    /// <param name="keep">The bytes in use at the start of the array.</param>
    /// <param name="needed">The length wanted; the new array is twice the old one's length when that is more.</param>
    /// <param name="max">The most worth asking for: the length asked for is capped to it (callers read at most that much).</param>
    /// <returns>The new array (also in <paramref name="array"/>).</returns>
    public static byte[] Grow(ArrayPool<byte> pool, ref byte[] array, int keep, long needed, long max)
    {
        var bigger = pool.Rent((int)Math.Min(Math.Max(array.Length * 2L, needed), max));
        array.AsSpan(0, keep).CopyTo(bigger);
        pool.Return(array);
        array = bigger;
        return bigger;
    }
}
