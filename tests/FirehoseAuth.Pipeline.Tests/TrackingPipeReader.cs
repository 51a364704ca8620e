using System.IO.Pipelines;

namespace FirehoseAuth.Pipeline.Tests;

/// <summary>A body that records whether anything read it, and can fail its first read like a host refusing the body.</summary>
internal sealed class TrackingPipeReader : PipeReader
{
    private readonly PipeReader _inner;
    private readonly Exception? _failWith;

    public TrackingPipeReader(byte[] body, Exception? failWith = null)
    {
        _inner = Create(new MemoryStream(body), new StreamPipeReaderOptions(bufferSize: 4096));
        _failWith = failWith;
    }

    public int Reads { get; private set; }

    public override void AdvanceTo(SequencePosition consumed) => _inner.AdvanceTo(consumed);

    public override void AdvanceTo(SequencePosition consumed, SequencePosition examined) => _inner.AdvanceTo(consumed, examined);

    public override void CancelPendingRead() => _inner.CancelPendingRead();

    public override void Complete(Exception? exception = null) => _inner.Complete(exception);

    public override ValueTask<ReadResult> ReadAsync(CancellationToken cancellationToken = default)
    {
        Reads++;
        return _failWith is null ? _inner.ReadAsync(cancellationToken) : ValueTask.FromException<ReadResult>(_failWith);
    }

    public override bool TryRead(out ReadResult result)
    {
        Reads++;
        if (_failWith is not null)
        {
            throw _failWith;
        }

        return _inner.TryRead(out result);
    }
}
