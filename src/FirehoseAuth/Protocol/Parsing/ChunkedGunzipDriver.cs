using System.Buffers;
using System.Diagnostics;

namespace FirehoseAuth.Protocol;

/// <summary>
/// The fast path for a gzip'd body: it is gunzipped a chunk at a time and each chunk is walked by
/// <see cref="PipeSegmentWalker"/> at once, so the gunzipped JSON is never held whole, only the decoded records (about
/// 0.75× of it, where gunzipping the whole body first needs about 1.75×).
/// </summary>
/// <remarks>
/// Where that path gives up (a body that is not Firehose's compact shape, a corrupt or truncated gzip stream, a limit, a
/// size trailer that understates the body), nothing is kept: the caller gunzips and parses the whole body as usual, so
/// the answer is always the one the whole-body path gives. The cost is gunzipping twice, for bodies that fail. Unlike
/// the pipe's path, it takes <see cref="FirehoseParserOptions.DecompressGzipRecords"/>: it never writes a record again.
/// </remarks>
internal static class ChunkedGunzipDriver
{
    /// <summary>The largest chunk gunzipped at once: big enough that <c>GZipStream</c> runs at full speed.</summary>
    private const int MaxChunkLength = 256 * 1024;

    /// <summary>
    /// The smallest chunk: more than twice what a walk can leave (less than the head's 512 bytes, or a stitch's 128, plus
    /// the held-back marker), so that every read has room.
    /// </summary>
    private const int MinChunkLength = 2048;

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

        var marker = GzipInflater.MarkerLength;
        var walker = new PipeSegmentWalker(pool, options, headers, hint);

        // Room for the whole body (when the hint is right and it is short), its marker, and a read that finds the end.
        var chunk = pool.Rent(Math.Clamp(hint + marker + 1, MinChunkLength, MaxChunkLength));
        try
        {
            using var gzip = GzipInflater.Open(compressed, 0, length);
            long total = 0;
            var left = 0;
            while (true)
            {
                // The chunk starts with what was not walked yet: less than the head, or than a stitch, and the last bytes.
                Debug.Assert(left < MinChunkLength / 2, "The walk leaves less than the head, a stitch and the marker.");
                int read;
                try
                {
                    read = gzip.Read(chunk, left, Math.Min(chunk.Length - left, readLength));
                }
                catch (InvalidDataException)
                {
                    return false;
                }

                if ((total += read) > (long)options.MaxBodySize + marker)
                {
                    return false;
                }

                // The last bytes of the output may be the marker, so they are held back until the end.
                var end = read == 0;
                var filled = left + read;
                var walkable = filled - marker;
                if (end && (walkable < 0 || !GzipInflater.EndsWithMarker(chunk.AsSpan(0, filled))))
                {
                    return false;
                }

                var walked = 0;
                if (walkable > 0 || end)
                {
                    var input = new ReadOnlySequence<byte>(chunk, 0, walkable);
                    if (!walker.HasHead)
                    {
                        if (input.Length < PipeSegmentWalker.MaxHeadLength && !end)
                        {
                            left = filled;
                            continue;
                        }

                        walked = walker.ReadHead(input);
                        input = input.Slice(walked);
                    }

                    walked += (int)walker.Walk(input, end);
                    if (walker.Failed)
                    {
                        return false;
                    }
                }

                if (end)
                {
                    return walker.Done && walker.TryComplete(headers, out result);
                }

                chunk.AsSpan(walked, filled - walked).CopyTo(chunk);
                left = filled - walked;
            }
        }
        finally
        {
            walker.Release();
            pool.Return(chunk);
        }
    }
}
