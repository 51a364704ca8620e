namespace FirehoseAuth.Benchmarks.Protocol;

/// <summary>
/// Receives every decoded record. While timing it only adds lengths; during setup it keeps copies so that each
/// decoder's output can be compared with the source records before anything is measured.
/// </summary>
public sealed class RecordSink
{
    private List<byte[]>? _collected;

    public long TotalBytes { get; private set; }

    public void StartCollecting() => _collected = [];

    public List<byte[]> StopCollecting()
    {
        var collected = _collected ?? [];
        _collected = null;
        return collected;
    }

    public void Add(ReadOnlySpan<byte> record)
    {
        TotalBytes += record.Length;
        _collected?.Add(record.ToArray());
    }
}
