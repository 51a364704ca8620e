using System.Buffers;
using System.Text.Json;

namespace FirehoseAuth.Payloads;

/// <summary>
/// Append-only pooled byte storage for gunzipped records and unescaped strings. Bytes once committed never move:
/// when the current chunk is full a new one is rented and the old one is kept, so every <see cref="ReadOnlyMemory{T}"/>
/// handed out stays valid until <see cref="Reset"/> or <see cref="Dispose"/>.
/// </summary>
internal sealed class PayloadArena(ArrayPool<byte> pool) : IDisposable
{
    private const int MinimumChunk = 64 * 1024;
    private const int MaximumGrowth = 4 * 1024 * 1024;

    private readonly List<byte[]> _full = [];
    private byte[] _current = [];
    private int _write;
    private long _committed;

    /// <summary>
    /// Returns free space after the <paramref name="pending"/> bytes written (not committed) at the end of the current
    /// chunk, at least <paramref name="minimumLength"/> long; moves the pending bytes to a new chunk when needed.
    /// </summary>
    public Span<byte> Reserve(int pending, int minimumLength)
    {
        var needed = (long)pending + minimumLength;
        if (_current.Length - _write < needed)
        {
            // Chunks grow with what this delivery has used (up to 4 MiB), not with the previous chunk, so that a reader
            // reused across deliveries keeps renting the same sizes from the pool.
            var grown = Math.Clamp(_committed, MinimumChunk, MaximumGrowth);
            var size = (int)Math.Min(Array.MaxLength, Math.Max(needed, grown));
            var chunk = pool.Rent(size);
            _current.AsSpan(_write, pending).CopyTo(chunk);
            if (_current.Length > 0)
            {
                _full.Add(_current);
            }

            _current = chunk;
            _write = 0;
        }

        return _current.AsSpan(_write + pending);
    }

    /// <summary>Gets the <paramref name="pending"/> bytes written but not committed.</summary>
    public ReadOnlySpan<byte> Pending(int pending) => _current.AsSpan(_write, pending);

    /// <summary>Commits the first <paramref name="length"/> pending bytes and returns them.</summary>
    public ReadOnlyMemory<byte> Commit(int length)
    {
        var memory = new ReadOnlyMemory<byte>(_current, _write, length);
        _write += length;
        _committed += length;
        return memory;
    }

    /// <summary>Copies the reader's current string or property name, with its JSON escapes resolved.</summary>
    public ReadOnlyMemory<byte> Unescape(ref Utf8JsonReader reader)
    {
        var written = reader.CopyString(Reserve(0, reader.ValueSpan.Length));
        return Commit(written);
    }

    /// <summary>Forgets every byte; keeps the current chunk for reuse.</summary>
    public void Reset()
    {
        foreach (var chunk in _full)
        {
            pool.Return(chunk);
        }

        _full.Clear();
        _write = 0;
        _committed = 0;
    }

    public void Dispose()
    {
        Reset();
        if (_current.Length > 0)
        {
            pool.Return(_current);
            _current = [];
        }
    }
}
