using System.Buffers;

namespace FirehoseAuth.Protocol;

/// <summary>
/// The pool the public parser entry points rent from: <see cref="ArrayPool{T}.Shared"/>, which in .NET 10 pools
/// arrays up to 1 GiB. It is a seam for tests that parse through a host and must prove that every buffer went back:
/// they install a counting pool once, before the first parse, so production pays for no counter.
/// </summary>
internal static class FirehoseBufferPool
{
    /// <summary>Gets or sets the pool; set it only before the first parse (an array must go back to the pool it came from).</summary>
    public static ArrayPool<byte> Instance { get; set; } = ArrayPool<byte>.Shared;
}
