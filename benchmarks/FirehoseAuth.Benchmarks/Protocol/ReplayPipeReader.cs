using System.Buffers;
using System.IO.Pipelines;

namespace FirehoseAuth.Benchmarks.Protocol;

/// <summary>
/// A <see cref="PipeReader"/> over a body already in memory, split into 4 KiB segments (Kestrel's block size) and handed
/// out at most 64 KiB per read; <see cref="Reset"/> replays it without allocating.
/// </summary>
public sealed class ReplayPipeReader : PipeReader
{
    private const int SegmentSize = 4096;
    private const int ReadSize = 64 * 1024;
    private readonly ReadOnlySequence<byte> _all;
    private SequencePosition _consumed;

    public ReplayPipeReader(byte[] body)
    {
        Segment? first = null, last = null;
        for (var offset = 0; offset < body.Length || first is null; offset += SegmentSize)
        {
            var segment = new Segment(body.AsMemory(offset, Math.Min(SegmentSize, body.Length - offset)), last);
            first ??= segment;
            last = segment;
        }

        _all = new ReadOnlySequence<byte>(first!, 0, last!, last!.Memory.Length);
        _consumed = _all.Start;
    }

    public void Reset() => _consumed = _all.Start;

    public override bool TryRead(out ReadResult result)
    {
        var rest = _all.Slice(_consumed);
        var completed = rest.Length <= ReadSize;
        result = new ReadResult(completed ? rest : rest.Slice(0, ReadSize), isCanceled: false, isCompleted: completed);
        return true;
    }

    public override ValueTask<ReadResult> ReadAsync(CancellationToken cancellationToken = default)
    {
        TryRead(out var result);
        return ValueTask.FromResult(result);
    }

    public override void AdvanceTo(SequencePosition consumed) => _consumed = consumed;

    public override void AdvanceTo(SequencePosition consumed, SequencePosition examined) => _consumed = consumed;

    public override void CancelPendingRead()
    {
    }

    public override void Complete(Exception? exception = null)
    {
    }

    private sealed class Segment : ReadOnlySequenceSegment<byte>
    {
        public Segment(ReadOnlyMemory<byte> memory, Segment? previous)
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
