using System.Buffers;
using System.IO.Pipelines;

namespace FirehoseAuth.Benchmarks.Host;

/// <summary>A <see cref="PipeReader"/> over one in-memory body that can be rewound, so a benchmark allocates no reader per call.</summary>
internal sealed class ResettablePipeReader : PipeReader
{
    private readonly ReadOnlySequence<byte> _body;
    private long _consumed;

    public ResettablePipeReader(byte[] body) => _body = new ReadOnlySequence<byte>(body);

    public void Reset() => _consumed = 0;

    public override void AdvanceTo(SequencePosition consumed) => _consumed = _body.Slice(0, consumed).Length;

    public override void AdvanceTo(SequencePosition consumed, SequencePosition examined) => AdvanceTo(consumed);

    public override void CancelPendingRead()
    {
    }

    public override void Complete(Exception? exception = null)
    {
    }

    public override ValueTask<ReadResult> ReadAsync(CancellationToken cancellationToken = default)
        => new(new ReadResult(_body.Slice(_consumed), isCanceled: false, isCompleted: true));

    public override bool TryRead(out ReadResult result)
    {
        result = new ReadResult(_body.Slice(_consumed), isCanceled: false, isCompleted: true);
        return true;
    }
}
