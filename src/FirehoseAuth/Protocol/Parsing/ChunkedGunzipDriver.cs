using System.Buffers;
using System.Diagnostics;

namespace FirehoseAuth.Protocol;

/// <summary>
/// The fast path for a gzip'd body: it is gunzipped a chunk at a time and each chunk is walked by
/// <see cref="PipeSegmentWalker"/> at once, so the gunzipped JSON is never held whole, only the decoded records (about
/// 0.75× of it, where gunzipping the whole body first needs about 1.75×). It is the <see cref="IInflateSink"/> that
/// <see cref="GzipInflater.Inflate{TSink}"/> gunzips into: each time a chunk is full, it walks it.
/// </summary>
/// <remarks>
/// Where that path gives up (a body that is not Firehose's compact shape, a corrupt or truncated gzip stream, a limit, a
/// size trailer that understates the body), nothing is kept: the caller gunzips and parses the whole body as usual, so
/// the answer is always the one the whole-body path gives. The cost is gunzipping twice, for bodies that fail. Unlike
/// the pipe's path, it takes <see cref="FirehoseParserOptions.DecompressGzipRecords"/>: it never writes a record again.
/// </remarks>
internal struct ChunkedGunzipDriver : IInflateSink
{
    /// <summary>The largest chunk gunzipped at once: big enough that <c>GZipStream</c> runs at full speed.</summary>
    private const int MaxChunkLength = 256 * 1024;

    /// <summary>
    /// The smallest chunk: more than twice what a walk can leave (less than the head's 512 bytes, or a stitch's 128, plus
    /// the held-back marker), so that every read has room.
    /// </summary>
    private const int MinChunkLength = 2048;

    private readonly byte[] _chunk;
    private readonly int _readLength;
    private PipeSegmentWalker _walker;

    /// <summary>The bytes at the start of the chunk that were not walked when the current space was given.</summary>
    private int _left;

    /// <summary>The bytes gunzipped when the current space was given.</summary>
    private int _givenAt;

    private ChunkedGunzipDriver(PipeSegmentWalker walker, byte[] chunk, int readLength)
    {
        _walker = walker;
        _chunk = chunk;
        _readLength = readLength;
    }

    /// <summary>Parses the gzip'd body <c>compressed[0..length)</c> (with <see cref="GzipInflater.SentinelLength"/> free bytes after it).</summary>
    /// <param name="compressed">The body as received.</param>
    /// <param name="length">Its length.</param>
    /// <param name="headers">The request's headers.</param>
    /// <param name="options">The limits.</param>
    /// <param name="pool">The pool.</param>
    /// <param name="minimumLength">Bodies whose gunzipped size is guessed below this are left to the whole-body path.</param>
    /// <param name="readLength">The most bytes gunzipped per read (tests make it small, to end reads everywhere).</param>
    /// <param name="result">The delivery, or the error to answer with.</param>
    /// <returns><see langword="false"/> when the whole-body path must decide.</returns>
    public static bool TryParse(byte[] compressed, int length, in FirehoseRequestHeaders headers, FirehoseParserOptions options, ArrayPool<byte> pool, int minimumLength, int readLength, out FirehoseParseResult result)
    {
        result = default;
        var hint = GzipInflater.SizeHint(compressed.AsSpan(0, length), options.MaxBodySize);
        if (hint < minimumLength)
        {
            return false;
        }

        // Room for the whole body (when the hint is right and it is short), its marker, and a read that finds the end.
        var chunk = pool.Rent(Math.Clamp(hint + GzipInflater.MarkerLength + 1, MinChunkLength, MaxChunkLength));
        var driver = new ChunkedGunzipDriver(new PipeSegmentWalker(pool, options, headers, hint), chunk, readLength);
        try
        {
            return GzipInflater.Inflate(compressed, 0, length, options.MaxBodySize, ref driver, out var inflated) == InflateStatus.Ok
                && driver.TryFinish(inflated, headers, out result);
        }
        finally
        {
            driver._walker.Release();
            pool.Return(chunk);
        }
    }

    /// <summary>Walks what the chunk holds (all but the last bytes, which may be the end marker), then gives the free part after what is left.</summary>
    public Span<byte> GetSpace(int written, int room)
    {
        var filled = _left + (written - _givenAt);
        var walkable = filled - GzipInflater.MarkerLength;
        var walked = 0;
        if (walkable > 0 && _walker.TryStep(new ReadOnlySequence<byte>(_chunk, 0, walkable), final: false, out var processed))
        {
            if (_walker.Failed)
            {
                return [];
            }

            walked = (int)processed;
        }

        return Give(written, filled, walked);
    }

    public readonly ReadOnlySpan<byte> GetWritten(int written) => _chunk.AsSpan(0, _left + (written - _givenAt));

    /// <summary>Moves what was not walked to the start of the chunk and returns the free part after it (at most a read's length).</summary>
    private Span<byte> Give(int written, int filled, int walked)
    {
        _chunk.AsSpan(walked, filled - walked).CopyTo(_chunk);
        _left = filled - walked;
        _givenAt = written;
        Debug.Assert(_left < MinChunkLength / 2, "The walk leaves less than the head, a stitch and the marker.");
        return _chunk.AsSpan(_left, Math.Min(_chunk.Length - _left, _readLength));
    }

    /// <summary>Walks the rest of the body (<paramref name="inflated"/> bytes in all, the end marker after them) and completes the delivery.</summary>
    private bool TryFinish(int inflated, in FirehoseRequestHeaders headers, out FirehoseParseResult result)
    {
        result = default;
        _walker.TryStep(new ReadOnlySequence<byte>(_chunk, 0, _left + (inflated - _givenAt)), final: true, out _);
        return !_walker.Failed && _walker.Done && _walker.TryComplete(headers, out result);
    }
}
