using System.Buffers;
using System.IO.Pipelines;

namespace FirehoseAuth.Tests.Protocol;

/// <summary>
/// A <see cref="PipeReader"/> over a body in memory, cut into segments of the given sizes (cycled), that shows
/// <c>readSize</c> more bytes only once the reader has examined all it was shown, as a socket does. It checks the
/// reader's side of the contract: <see cref="AdvanceTo(SequencePosition, SequencePosition)"/> within the buffer last
/// returned, exactly once per read, neither consumed nor examined moving back (a breach throws
/// <see cref="InvalidOperationException"/>; the fuzz target uses this reader too).
/// </summary>
internal sealed class SegmentedPipeReader : PipeReader
{
    private readonly ReadOnlySequence<byte> _all;
    private readonly int _readSize;
    private readonly long _failAt;
    private long _consumed;
    private long _examined;
    private long _shown;
    private bool _reading;

    /// <param name="body">The bytes.</param>
    /// <param name="readSize">How many more bytes each read shows.</param>
    /// <param name="failAt">A read that would show bytes past this offset throws an <see cref="IOException"/> instead.</param>
    /// <param name="segmentSizes">The segment sizes, cycled.</param>
    public SegmentedPipeReader(byte[] body, int readSize, long failAt = long.MaxValue, params int[] segmentSizes)
    {
        Segment? first = null, last = null;
        var offset = 0;
        for (var i = 0; offset < body.Length || first is null; i++)
        {
            var length = Math.Min(segmentSizes[i % segmentSizes.Length], body.Length - offset);

            // Each segment is its own array, as Kestrel's blocks are, so nothing can read past a segment's end unnoticed.
            var segment = new Segment(body.AsSpan(offset, length).ToArray(), last);
            first ??= segment;
            last = segment;
            offset += length;
        }

        _all = new ReadOnlySequence<byte>(first!, 0, last!, last!.Memory.Length);
        _readSize = readSize;
        _failAt = failAt;
    }

    /// <summary>Gets the bytes consumed so far.</summary>
    public long Consumed => _consumed;

    /// <summary>Starts the body again (for allocation tests, which read the same body many times).</summary>
    public void Reset() => _consumed = _examined = _shown = 0;

    public override bool TryRead(out ReadResult result)
    {
        Check(!_reading, "ReadAsync was called again before AdvanceTo.");
        if (_examined == _shown && _shown < _all.Length)
        {
            if (_shown + _readSize > _failAt)
            {
                throw new IOException("The connection was reset (test).");
            }

            _shown = Math.Min(_all.Length, _shown + _readSize);
        }

        _reading = true;
        result = new ReadResult(_all.Slice(_consumed, _shown - _consumed), isCanceled: false, isCompleted: _shown == _all.Length);
        return true;
    }

    public override ValueTask<ReadResult> ReadAsync(CancellationToken cancellationToken = default)
    {
        cancellationToken.ThrowIfCancellationRequested();
        TryRead(out var result);
        return ValueTask.FromResult(result);
    }

    public override void AdvanceTo(SequencePosition consumed) => AdvanceTo(consumed, consumed);

    public override void AdvanceTo(SequencePosition consumed, SequencePosition examined)
    {
        Check(_reading, "AdvanceTo without a read.");
        _reading = false;
        var consumedOffset = _all.Slice(0, consumed).Length;
        var examinedOffset = _all.Slice(0, examined).Length;
        Check(consumedOffset >= _consumed && consumedOffset <= _shown, "AdvanceTo consumed moved back, or past what was shown.");
        Check(examinedOffset >= consumedOffset && examinedOffset <= _shown, "AdvanceTo examined is before consumed, or past what was shown.");
        Check(examinedOffset >= _examined, "AdvanceTo examined moved back before what an earlier read examined.");
        _consumed = consumedOffset;
        _examined = examinedOffset;
    }

    public override void CancelPendingRead()
    {
    }

    public override void Complete(Exception? exception = null)
    {
    }

    private static void Check(bool condition, string breach)
    {
        if (!condition)
        {
            throw new InvalidOperationException(breach);
        }
    }

    private sealed class Segment : ReadOnlySequenceSegment<byte>
    {
        public Segment(byte[] memory, Segment? previous)
        {
            Memory = memory;
            if (previous is not null)
            {
                RunningIndex = previous.RunningIndex + previous.Memory.Length;
                previous.Next = this;
            }
        }
    }
}
