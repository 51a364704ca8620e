using FirehoseAuth.Protocol;

namespace FirehoseAuth.Payloads;

/// <summary>An <see cref="IInflateSink"/> that writes a gunzipped record into a reader's <see cref="PayloadArena"/>.</summary>
internal readonly struct ArenaInflateSink(PayloadArena arena, int firstLength) : IInflateSink
{
    /// <summary>The least asked for after the first space is full (more once the record has grown past it).</summary>
    private const int ReadChunk = 16 * 1024;

    public Span<byte> GetSpace(int written, int room)
        => arena.Reserve(written, written == 0 ? firstLength : Math.Min(Math.Max(ReadChunk, written), room));

    public ReadOnlySpan<byte> GetWritten(int written) => arena.Pending(written);
}
