using System.Buffers;
using System.Buffers.Text;

namespace FirehoseAuth.Protocol;

/// <summary>
/// The fast path for a body read from a <see cref="System.IO.Pipelines.PipeReader"/> (Kestrel's request body): each
/// record is base64-decoded straight from the pipe's segments into the delivery's buffer, and the segments are
/// consumed as it goes, so the body is never copied into one array (Kestrel pauses a connection at 1 MiB of unconsumed
/// input, and a delivery may be 64 MiB). <see cref="ChunkedGunzipDriver"/> walks a gzip'd body with it as it is gunzipped.
/// </summary>
/// <remarks>
/// <para>
/// It takes only the shape Firehose sends: the fields before <c>records</c> within the first
/// <see cref="MaxHeadLength"/> bytes (they and what follows the array are kept, as the <i>skeleton</i>), and a
/// compact array of <c>{"data":"…"}</c> with canonical base64. At the end, <see cref="WholeSpanScanner"/> checks the
/// skeleton (<c>…"records":[]…</c>), as it checks a whole body.
/// </para>
/// <para>
/// When anything else comes (whitespace, another field, an escape, bad base64, a limit, a body of the wrong length),
/// it stops at a point where every byte consumed so far can be written again exactly: the skeleton, then each record
/// re-encoded (canonical base64 re-encodes to the same text), then the part of the record decoded so far (whole groups).
/// The caller writes that prefix into a body buffer, reads the rest of the pipe after it, and parses the whole body as
/// usual, so the general parser decides and reports exactly as if this path did not exist.
/// </para>
/// </remarks>
internal struct PipeSegmentWalker
{
    /// <summary>Bodies shorter than this are copied and parsed whole: the copy costs less than the set-up.</summary>
    public const int MinimumLength = 4096;

    /// <summary>The most bytes before the records array (Firehose sends about 100).</summary>
    public const int MaxHeadLength = 512;

    /// <summary>The most bytes the skeleton keeps (the head, then <c>]</c> and whatever follows the array).</summary>
    private const int MaxSkeletonLength = 1024;

    /// <summary>A run shorter than this at the end of a segment is not walked alone, only in a stitch.</summary>
    private const int MinimumRun = 64;

    /// <summary>
    /// The bytes copied to walk across the end of a segment (the end of one and the start of the next): enough for two
    /// blocks of <see cref="Base64BlockDecoder"/>, and for the longest token, so that a stitch always makes progress.
    /// </summary>
    private const int StitchLength = 128;

    private readonly FirehoseParserOptions _options;
    private readonly ArrayPool<byte> _pool;
    private readonly byte[] _skeleton;
    private FirehoseDelivery? _delivery;
    private int _skeletonLength;
    private int _headLength;
    private Phase _phase;
    private int _partial;

    /// <summary>Starts a walk; the records get room for a body of <paramref name="bodyLength"/> bytes (past that, the walk gives up).</summary>
    public PipeSegmentWalker(ArrayPool<byte> pool, FirehoseParserOptions options, in FirehoseRequestHeaders headers, int bodyLength)
    {
        _options = options;
        _pool = pool;
        _skeleton = pool.Rent(MaxSkeletonLength + StitchLength);
        _delivery = DeliveryPool.Rent();
        _delivery.Initialize(pool, pool.Rent(BodyLayout.DataCapacity(bodyLength)), 0, headers.SourceArn, headers.CommonAttributes);
    }

    private enum Phase
    {
        Head,
        Open,
        Data,
        Tail,
    }

    /// <summary>Gets whether the head was read (a body that fails before that was not consumed at all).</summary>
    public readonly bool HasHead => _phase != Phase.Head;

    /// <summary>Gets whether this path gave up; the bytes it processed can be written again with <see cref="Rewrite"/>.</summary>
    public bool Failed { readonly get; private set; }

    /// <summary>Gets whether the records array was closed (what follows it is kept in the skeleton) and this path did not give up.</summary>
    public readonly bool Done => _phase == Phase.Tail && !Failed;

    /// <summary>Whether a body can take this path (then <paramref name="declaredLength"/> is its <c>Content-Length</c>).</summary>
    public static bool Applies(in FirehoseRequestHeaders headers, FirehoseParserOptions options, bool gzip, int minimumLength, out int declaredLength)
    {
        declaredLength = (int)(headers.ContentLength ?? -1);
        return !gzip && !options.DecompressGzipRecords && declaredLength >= minimumLength && declaredLength > 0;
    }

    /// <summary>
    /// Reads the fields before the records array from the first <see cref="MaxHeadLength"/> bytes of
    /// <paramref name="body"/> (which holds at least that many, or the whole body).
    /// </summary>
    /// <returns>The bytes of the head (through the array's <c>[</c>), or 0 when the body does not start that way (then <see cref="Failed"/>).</returns>
    private int ReadHead(in ReadOnlySequence<byte> body)
    {
        var length = (int)Math.Min(body.Length, MaxHeadLength);
        body.Slice(0, length).CopyTo(_skeleton);
        if (!WholeSpanScanner.TryFindRecords(_skeleton.AsSpan(0, length), out _headLength))
        {
            Failed = true;
            return 0;
        }

        _skeletonLength = _headLength;
        _phase = Phase.Open;
        return _headLength;
    }

    /// <summary>
    /// The one step of both drivers (the pipe's and the chunked gunzip's): reads the head once <paramref name="input"/>
    /// holds it (or the whole body), then walks the records.
    /// </summary>
    /// <param name="input">The next bytes of the body, after what was processed before.</param>
    /// <param name="final">Whether <paramref name="input"/> ends where the body ends.</param>
    /// <param name="processed">The bytes processed (see <see cref="Walk"/>); then check <see cref="Failed"/>.</param>
    /// <returns><see langword="false"/> when the head is not read yet and <paramref name="input"/> is too short for it: come back with more.</returns>
    public bool TryStep(in ReadOnlySequence<byte> input, bool final, out long processed)
    {
        processed = 0;
        if (!HasHead)
        {
            if (input.Length < MaxHeadLength && !final)
            {
                return false;
            }

            processed = ReadHead(input);
        }

        processed += Walk(input.Slice(processed), final);
        return true;
    }

    /// <summary>Walks the records from the start of <paramref name="input"/> (after what was walked before).</summary>
    /// <param name="input">The next bytes of the body.</param>
    /// <param name="final">Whether <paramref name="input"/> ends where the body ends.</param>
    /// <returns>
    /// The bytes processed. Fewer than <paramref name="input"/> holds when the rest is too short to walk (pass it again
    /// with what follows) or when this path gave up (<see cref="Failed"/>).
    /// </returns>
    private long Walk(in ReadOnlySequence<byte> input, bool final)
    {
        if (Failed)
        {
            return 0;
        }

        long walked;
        if (input.IsSingleSegment)
        {
            walked = WalkSpan(input.FirstSpan, final);
        }
        else
        {
            // The segments are walked directly: ReadOnlySequence's Slice and FirstSpan would cost more than a segment's checks.
            var segment = (ReadOnlySequenceSegment<byte>)input.Start.GetObject()!;
            var last = (ReadOnlySequenceSegment<byte>)input.End.GetObject()!;
            var lastLength = input.End.GetInteger();
            var span = Bytes(segment, last, lastLength)[input.Start.GetInteger()..];
            var remaining = input.Length;
            walked = 0;
            while (true)
            {
                if (span.Length == remaining)
                {
                    walked += WalkSpan(span, final);
                    break;
                }

                var step = span.Length >= MinimumRun ? WalkSpan(span, final: false) : 0;
                if (step < span.Length && !Failed)
                {
                    // The walk stopped short of the segment's end (the rest is too short for the next token or block):
                    // walk a copy of that rest joined to the start of the next segments.
                    var length = (int)Math.Min(StitchLength, remaining - step);
                    var stitch = _skeleton.AsSpan(MaxSkeletonLength, length);
                    span[step..].CopyTo(stitch);
                    var filled = span.Length - step;
                    for (var next = segment.Next; filled < length; next = next!.Next)
                    {
                        var bytes = Bytes(next!, last, lastLength);
                        var count = Math.Min(bytes.Length, length - filled);
                        bytes[..count].CopyTo(stitch[filled..]);
                        filled += count;
                    }

                    var stitched = WalkSpan(stitch, final && length == remaining - step);
                    step += stitched;
                    if (stitched == 0)
                    {
                        walked += step;
                        break;
                    }
                }

                walked += step;
                remaining -= step;
                if (Failed || remaining == 0)
                {
                    break;
                }

                while (step >= span.Length)
                {
                    step -= span.Length;
                    segment = segment.Next!;
                    span = Bytes(segment, last, lastLength);
                }

                span = span[step..];
            }
        }

        if (final && walked != input.Length)
        {
            Failed = true;
        }

        return walked;
    }

    /// <summary>
    /// Checks the skeleton once the whole body was walked, and completes the delivery.
    /// </summary>
    /// <param name="headers">The request's headers (for the request id).</param>
    /// <param name="result">The delivery, or the error to answer with.</param>
    /// <returns><see langword="false"/> when the skeleton is not one this path takes: then the body must be parsed whole.</returns>
    public bool TryComplete(in FirehoseRequestHeaders headers, out FirehoseParseResult result)
    {
        var skeleton = _skeleton.AsSpan(0, _skeletonLength);
        var delivery = _delivery!;
        if (!WholeSpanScanner.TryParse(skeleton, delivery, _options, out var requestId, out var timestamp))
        {
            result = default;
            return false;
        }

        _delivery = null;
        result = DeliveryCompletion.Complete(delivery, error: null, skeleton, requestId, timestamp, headers);
        return true;
    }

    /// <summary>Writes the body's bytes processed so far, exactly as they came.</summary>
    /// <param name="destination">Where they go; at least as long as the bytes processed.</param>
    /// <returns>The bytes written.</returns>
    public readonly int Rewrite(Span<byte> destination)
    {
        if (_phase == Phase.Head)
        {
            return 0;
        }

        var delivery = _delivery!;
        _skeleton.AsSpan(0, _headLength).CopyTo(destination);
        var written = _headLength;
        var count = delivery.RecordCount;
        for (var i = 0; i < count; i++)
        {
            written += WriteRecord(delivery.GetRecord(i, delivery.Generation).Span, destination[written..], close: true);
            if (i < count - 1 || _phase != Phase.Tail)
            {
                destination[written++] = (byte)',';
            }
        }

        if (_phase == Phase.Data)
        {
            written += WriteRecord(delivery.DataFreeSpace[.._partial], destination[written..], close: false);
        }
        else if (_phase == Phase.Tail)
        {
            _skeleton.AsSpan(_headLength, _skeletonLength - _headLength).CopyTo(destination[written..]);
            written += _skeletonLength - _headLength;
        }

        return written;
    }

    /// <summary>Returns the buffers (and the delivery, unless <see cref="TryComplete"/> handed it over).</summary>
    public void Release()
    {
        _delivery?.Dispose();
        _delivery = null;
        _pool.Return(_skeleton);
    }

    private static ReadOnlySpan<byte> Bytes(ReadOnlySequenceSegment<byte> segment, ReadOnlySequenceSegment<byte> last, int lastLength)
        => segment == last ? segment.Memory.Span[..lastLength] : segment.Memory.Span;

    private static int WriteRecord(ReadOnlySpan<byte> record, Span<byte> destination, bool close)
    {
        JsonBytes.CompactRecordOpen.CopyTo(destination);
        Base64.EncodeToUtf8(record, destination[JsonBytes.CompactRecordOpen.Length..], out _, out var encoded);
        var written = JsonBytes.CompactRecordOpen.Length + encoded;
        if (close)
        {
            "\"}"u8.CopyTo(destination[written..]);
            written += 2;
        }

        return written;
    }

    /// <summary>Walks a contiguous run; returns the bytes processed (0 when it needs more, or gave up at its start).</summary>
    private int WalkSpan(ReadOnlySpan<byte> span, bool final)
    {
        var delivery = _delivery!;
        var i = 0;
        while (true)
        {
            if (_phase == Phase.Open)
            {
                if (span.Length - i < JsonBytes.CompactRecordOpen.Length && !final)
                {
                    return i;
                }

                if (!span[i..].StartsWith(JsonBytes.CompactRecordOpen) || delivery.RecordCount >= _options.MaxRecordCount)
                {
                    return GiveUp(i);
                }

                i += JsonBytes.CompactRecordOpen.Length;
                _phase = Phase.Data;
                _partial = 0;
            }
            else if (_phase == Phase.Data)
            {
                var free = delivery.DataFreeSpace;
                var decoded = RecordDecoder.DecodeGroups(span[i..], free[_partial..], more: !final, out var written);
                if (decoded < 0)
                {
                    return GiveUp(i);
                }

                i += decoded;
                _partial += written;

                // The string ends here (a quote, or a padded group and a quote); then "}" and "," or "]".
                var end = RecordDecoder.EndOfString(span, i, free[_partial..], out var last);
                if (end < 0)
                {
                    // Too short to tell (a group, or a block DecodeGroups left for the stitch), or not a string's end.
                    return !final && span.Length - i < Math.Max(5, Base64BlockDecoder.BlockSize) ? i : GiveUp(i);
                }

                if (span.Length - end < 3)
                {
                    return final ? GiveUp(i) : i;
                }

                var next = span[end + 2];
                if (span[end + 1] != '}' || next is not ((byte)',' or (byte)']') || RecordDecoder.Commit(delivery, free[..(_partial + last)], _options) != RecordStatus.Ok)
                {
                    return GiveUp(i);
                }

                i = end + 3;
                if (next == ']')
                {
                    _skeleton[_skeletonLength++] = (byte)']';
                    _phase = Phase.Tail;
                }
                else
                {
                    _phase = Phase.Open;
                }
            }
            else
            {
                var tail = span[i..];
                if (tail.Length > MaxSkeletonLength - _skeletonLength)
                {
                    return GiveUp(i);
                }

                tail.CopyTo(_skeleton.AsSpan(_skeletonLength));
                _skeletonLength += tail.Length;
                return span.Length;
            }
        }
    }

    private int GiveUp(int walked)
    {
        Failed = true;
        return walked;
    }
}
