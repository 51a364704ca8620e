using System.Buffers;
using System.Collections.ObjectModel;

namespace FirehoseAuth.Protocol;

/// <summary>
/// One parsed Firehose delivery. It owns the pooled buffers that hold the decoded records and returns them on
/// <see cref="Dispose"/>; records must not be used after that.
/// </summary>
/// <remarks>
/// <para>
/// Instances are pooled: after <see cref="Dispose"/> the same instance may be handed out for another delivery (as
/// ASP.NET Core does with <c>HttpContext</c>), so do not keep a reference to a disposed delivery. A
/// <see cref="FirehoseRecordList"/> taken before <see cref="Dispose"/> throws <see cref="ObjectDisposedException"/>
/// afterwards, even once the instance is reused; a <see cref="ReadOnlyMemory{T}"/> record taken before it does not
/// (it is a view of a buffer that went back to the pool): copy records you need to keep.
/// </para>
/// <para>Calling <see cref="Dispose"/> more than once is a no-op as long as the instance has not been handed out again.</para>
/// </remarks>
public sealed class FirehoseDelivery : IDisposable
{
    private ArrayPool<byte>? _pool;
    private byte[] _data = [];
    private int _dataStart;
    private int _dataWrite;
    private int _dataEnd;
    private byte[]? _inflated;
    private int _inflatedWrite;
    private RecordSlice[] _records = [];
    private int _count;
    private int _generation;
    private string _requestId = string.Empty;
    private long _timestamp;
    private string? _sourceArn;
    private string? _commonAttributesHeader;
    private IReadOnlyDictionary<string, string>? _commonAttributes;

    internal FirehoseDelivery()
    {
    }

    /// <summary>Gets the request id (from the body; equal to the header's when both are present).</summary>
    /// <exception cref="ObjectDisposedException">The delivery was disposed.</exception>
    public string RequestId
    {
        get
        {
            ThrowIfDisposed();
            return _requestId;
        }
    }

    /// <summary>Gets the body's <c>timestamp</c>, in milliseconds since the Unix epoch, as sent.</summary>
    /// <exception cref="ObjectDisposedException">The delivery was disposed.</exception>
    public long TimestampMilliseconds
    {
        get
        {
            ThrowIfDisposed();
            return _timestamp;
        }
    }

    /// <summary>Gets the <c>X-Amz-Firehose-Source-Arn</c> header value, if present.</summary>
    /// <exception cref="ObjectDisposedException">The delivery was disposed.</exception>
    public string? SourceArn
    {
        get
        {
            ThrowIfDisposed();
            return _sourceArn;
        }
    }

    /// <summary>Gets the common attributes (empty when the header is absent). UTF-8 is preserved.</summary>
    /// <remarks>The header is validated while parsing; the dictionary is built on first access.</remarks>
    /// <exception cref="ObjectDisposedException">The delivery was disposed.</exception>
    public IReadOnlyDictionary<string, string> CommonAttributes
    {
        get
        {
            ThrowIfDisposed();
            if (_commonAttributes is { } attributes)
            {
                return attributes;
            }

            var built = _commonAttributesHeader is null
                ? ReadOnlyDictionary<string, string>.Empty
                : CommonAttributesHeader.Materialize(_commonAttributesHeader);
            return Interlocked.CompareExchange(ref _commonAttributes, built, null) ?? built;
        }
    }

    /// <summary>Gets the decoded records, valid until this delivery is disposed.</summary>
    /// <exception cref="ObjectDisposedException">The delivery was disposed.</exception>
    public FirehoseRecordList Records
    {
        get
        {
            ThrowIfDisposed();
            return new FirehoseRecordList(this, _generation);
        }
    }

    internal int RecordCount => _count;

    /// <summary>Gets the total length of the records, in bytes.</summary>
    internal long RecordBytes => (long)(_dataWrite - _dataStart) + _inflatedWrite;

    /// <summary>Gets the bytes the gzip'd records appended so far gunzipped to.</summary>
    internal long InflatedBytes => _inflatedWrite;

    /// <summary>Gets the free part of the data buffer that the next record is decoded into.</summary>
    internal Span<byte> DataFreeSpace => _data.AsSpan(_dataWrite, _dataEnd - _dataWrite);

    /// <summary>Returns the pooled buffers. Records obtained earlier become invalid.</summary>
    public void Dispose()
    {
        var pool = Interlocked.Exchange(ref _pool, null);
        if (pool is null)
        {
            return;
        }

        unchecked
        {
            _generation++;
        }

        pool.Return(_data);
        if (_inflated is not null)
        {
            pool.Return(_inflated);
        }

        _data = [];
        _inflated = null;
        _count = 0;
        _requestId = string.Empty;
        _sourceArn = null;
        _commonAttributesHeader = null;
        _commonAttributes = null;
        DeliveryPool.Return(this);
    }

    /// <summary>Gets the number of times this instance was disposed; a caller that captured it can tell whether it still owns the instance.</summary>
    internal int Generation => Volatile.Read(ref _generation);

    /// <summary>
    /// Disposes the instance only if it has not been disposed since <paramref name="generation"/> was read: after a
    /// dispose by someone else it may already belong to another delivery, whose buffers must not be returned.
    /// </summary>
    internal void DisposeIfCurrent(int generation)
    {
        if (Generation == generation)
        {
            Dispose();
        }
    }

    /// <summary>Takes ownership of <paramref name="data"/>; records are decoded into <c>[dataStart, data.Length - BodyLayout.Reserve)</c>.</summary>
    internal void Initialize(ArrayPool<byte> pool, byte[] data, int dataStart, string? sourceArn, string? commonAttributesHeader)
    {
        _pool = pool;
        _data = data;
        _dataStart = dataStart;
        _dataWrite = dataStart;
        _dataEnd = data.Length - BodyLayout.Reserve;
        _inflatedWrite = 0;
        _count = 0;
        _sourceArn = sourceArn;
        _commonAttributesHeader = string.IsNullOrWhiteSpace(commonAttributesHeader) ? null : commonAttributesHeader;
    }

    internal void Complete(string requestId, long timestamp)
    {
        _requestId = requestId;
        _timestamp = timestamp;
    }

    /// <summary>Forgets every record appended so far (the general parser starts over after the fast path gave up).</summary>
    internal void ResetRecords()
    {
        _count = 0;
        _dataWrite = _dataStart;
        _inflatedWrite = 0;
    }

    /// <summary>Appends the <paramref name="length"/> bytes just decoded at the start of <see cref="DataFreeSpace"/>.</summary>
    internal void CommitDataRecord(int length)
    {
        AddSlice(new RecordSlice(_dataWrite, length, Inflated: false));
        _dataWrite += length;
    }

    /// <summary>Gets the data buffer and the offset of <see cref="DataFreeSpace"/> (for gunzipping a record in place).</summary>
    internal byte[] GetDataBuffer(out int freeOffset)
    {
        freeOffset = _dataWrite;
        return _data;
    }

    /// <summary>
    /// Returns the free part of the gunzipped-records buffer after the <paramref name="used"/> bytes of the record being
    /// gunzipped, at least <paramref name="minimumLength"/> bytes long; empty when one array cannot hold that much.
    /// </summary>
    internal Span<byte> GetInflatedSpace(int used, int minimumLength)
    {
        var pool = _pool!;
        var needed = (long)_inflatedWrite + used + minimumLength;
        if (needed > Array.MaxLength)
        {
            return [];
        }

        var inflated = _inflated ??= pool.Rent((int)needed);
        if (inflated.Length < needed)
        {
            _inflated = PooledArray.Grow(pool, ref inflated, _inflatedWrite + used, needed, Array.MaxLength);
        }

        return _inflated.AsSpan(_inflatedWrite + used);
    }

    /// <summary>Gets the <paramref name="used"/> bytes written (not yet appended) at the start of the gunzipped-records free space.</summary>
    internal ReadOnlySpan<byte> GetInflatedPending(int used) => _inflated.AsSpan(_inflatedWrite, used);

    /// <summary>Appends the <paramref name="length"/> bytes just written at the start of the gunzipped-records free space.</summary>
    internal void CommitInflatedRecord(int length)
    {
        AddSlice(new RecordSlice(_inflatedWrite, length, Inflated: true));
        _inflatedWrite += length;
    }

    internal int GetCount(int generation)
    {
        if (generation != _generation)
        {
            ThrowDisposed();
        }

        return _count;
    }

    internal ReadOnlyMemory<byte> GetRecord(int index, int generation)
    {
        if (generation != _generation)
        {
            ThrowDisposed();
        }

        ArgumentOutOfRangeException.ThrowIfGreaterThanOrEqual((uint)index, (uint)_count, nameof(index));
        var slice = _records[index];
        return new ReadOnlyMemory<byte>(slice.Inflated ? _inflated : _data, slice.Offset, slice.Length);
    }

    private void AddSlice(RecordSlice slice)
    {
        if (_count == _records.Length)
        {
            Array.Resize(ref _records, Math.Max(16, _records.Length * 2));
        }

        _records[_count++] = slice;
    }

    private void ThrowIfDisposed()
    {
        if (_pool is null)
        {
            ThrowDisposed();
        }
    }

    private static void ThrowDisposed() => throw new ObjectDisposedException(nameof(FirehoseDelivery));
}
