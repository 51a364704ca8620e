using System.Buffers;

namespace FirehoseAuth.Payloads;

/// <summary>
/// What a <see cref="FirehosePayloadReader"/> holds: the byte arena and the decoded items of every record read since
/// the last reset. Item arrays only grow (and are kept across resets), so a warmed-up reader allocates nothing.
/// </summary>
internal sealed class PayloadStore(ArrayPool<byte> pool) : IDisposable
{
    private byte[] _gzipInput = [];
    private CloudWatchLogsMessage[] _messages = [];
    private CloudWatchLogEvent[] _events = [];
    private ReadOnlyMemory<byte>[] _strings = [];
    private CloudWatchMetric[] _metrics = [];
    private CloudWatchMetricDimension[] _dimensions = [];
    private CloudWatchMetricPercentile[] _percentiles = [];
    private int _messageCount;
    private int _eventCount;
    private int _stringCount;
    private int _metricCount;
    private int _dimensionCount;
    private int _percentileCount;

    public PayloadArena Arena { get; } = new(pool);

    /// <summary>Gets the number of resets and disposals: lists taken before one are stale.</summary>
    public int Generation { get; private set; }

    /// <summary>Gets or sets the gunzipped bytes counted against the delivery's cap since the last reset.</summary>
    public long DecompressedBytes { get; set; }

    /// <summary>A position in every item array, to forget what a record that failed half-way had added.</summary>
    public (int Messages, int Events, int Strings, int Metrics, int Dimensions, int Percentiles) Mark()
        => (_messageCount, _eventCount, _stringCount, _metricCount, _dimensionCount, _percentileCount);

    public void Rewind((int Messages, int Events, int Strings, int Metrics, int Dimensions, int Percentiles) mark)
        => (_messageCount, _eventCount, _stringCount, _metricCount, _dimensionCount, _percentileCount) = mark;

    /// <summary>Returns a pooled array of at least <paramref name="length"/> bytes for a gzip'd record and the inflater's sentinel.</summary>
    public byte[] GzipInput(int length)
    {
        if (_gzipInput.Length < length)
        {
            if (_gzipInput.Length > 0)
            {
                pool.Return(_gzipInput);
            }

            _gzipInput = pool.Rent(length);
        }

        return _gzipInput;
    }

    public int MessageCount => _messageCount;

    public int EventCount => _eventCount;

    public int StringCount => _stringCount;

    public int MetricCount => _metricCount;

    public int DimensionCount => _dimensionCount;

    public int PercentileCount => _percentileCount;

    public void Add(in CloudWatchLogsMessage item) => Append(ref _messages, ref _messageCount, item);

    public void Add(in CloudWatchLogEvent item) => Append(ref _events, ref _eventCount, item);

    public void Add(ReadOnlyMemory<byte> item) => Append(ref _strings, ref _stringCount, item);

    public void Add(in CloudWatchMetric item) => Append(ref _metrics, ref _metricCount, item);

    public void Add(in CloudWatchMetricDimension item) => Append(ref _dimensions, ref _dimensionCount, item);

    public void Add(in CloudWatchMetricPercentile item) => Append(ref _percentiles, ref _percentileCount, item);

    public PayloadList<CloudWatchLogsMessage> Messages(int start) => new(this, _messages, start, _messageCount - start);

    public PayloadList<CloudWatchLogEvent> Events(int start) => new(this, _events, start, _eventCount - start);

    public PayloadList<ReadOnlyMemory<byte>> Strings(int start) => new(this, _strings, start, _stringCount - start);

    public PayloadList<CloudWatchMetric> Metrics(int start) => new(this, _metrics, start, _metricCount - start);

    public PayloadList<CloudWatchMetricDimension> Dimensions(int start) => new(this, _dimensions, start, _dimensionCount - start);

    public PayloadList<CloudWatchMetricPercentile> Percentiles(int start) => new(this, _percentiles, start, _percentileCount - start);

    /// <summary>Forgets every record read: earlier lists become stale and their memory may be overwritten.</summary>
    public void Reset()
    {
        unchecked
        {
            Generation++;
        }

        Rewind(default);
        DecompressedBytes = 0;
        Arena.Reset();
    }

    public void Dispose()
    {
        Reset();
        Arena.Dispose();
        if (_gzipInput.Length > 0)
        {
            pool.Return(_gzipInput);
            _gzipInput = [];
        }
    }

    private static void Append<T>(ref T[] items, ref int count, in T item)
    {
        if (count == items.Length)
        {
            // A new array, never a write into the old one: lists already handed out keep theirs, unchanged.
            var bigger = new T[Math.Max(16, items.Length * 2)];
            items.AsSpan(0, count).CopyTo(bigger);
            items = bigger;
        }

        items[count++] = item;
    }
}
