using System.Buffers;
using FirehoseAuth.Protocol;

namespace FirehoseAuth.Payloads;

/// <summary>
/// Decodes the AWS payloads that Firehose records carry — CloudWatch Logs subscription messages, CloudWatch Metric
/// Streams JSON and OpenTelemetry — into typed, allocation-free views. Create one per delivery in the handler
/// (<c>using var payloads = new FirehosePayloadReader(limits);</c>), read each record, and dispose it when the handler ends.
/// </summary>
/// <remarks>
/// <para>
/// <b>Lifetime.</b> Every result, list and <see cref="ReadOnlyMemory{T}"/> handed out is valid until this reader is
/// <see cref="Reset"/> or disposed: results do not overwrite one another, so a handler can keep all of a delivery's
/// events until it returns, as it keeps the delivery's records. Slices that point into a record that was not gzip'd
/// also need the delivery (not yet disposed). After a reset, lists throw <see cref="ObjectDisposedException"/>; raw
/// memory taken from them must not be used. Copy what must outlive the handler.
/// </para>
/// <para>
/// <b>Why one reader per delivery.</b> Gunzipped records and unescaped strings go into pooled chunks that never move
/// (a full chunk is kept and a new one rented), so nothing handed out is invalidated by the next record; the
/// per-delivery cap (<see cref="FirehoseParserOptions.MaxDecompressedDeliverySize"/>) is counted by the reader; and the
/// item arrays are reused after <see cref="Reset"/>, so a reader kept by a handler across deliveries (reset at the
/// start of each) allocates nothing per event or per metric once warm. A reader is not thread-safe: one handler
/// call at a time.
/// </para>
/// <para>
/// <b>Errors.</b> Decoding never throws on bad input and never drops a record: each result carries a
/// <see cref="PayloadStatus"/>, a safe message and the raw record bytes. A record that fails half-way hands out none
/// of its items.
/// </para>
/// </remarks>
public sealed class FirehosePayloadReader : IDisposable
{
    private readonly PayloadStore _store;
    private readonly int _maxRecord;
    private readonly long _maxDelivery;
    private bool _disposed;

    /// <summary>Initializes a new instance of the <see cref="FirehosePayloadReader"/> class.</summary>
    /// <param name="limits">The caps on gunzipped bytes (<see cref="FirehoseParserOptions.MaxDecompressedRecordSize"/>,
    /// <see cref="FirehoseParserOptions.MaxDecompressedDeliverySize"/>); the defaults when <see langword="null"/>.</param>
    /// <exception cref="ArgumentException"><paramref name="limits"/> is invalid.</exception>
    public FirehosePayloadReader(FirehoseParserOptions? limits = null)
        : this(limits, ArrayPool<byte>.Shared)
    {
    }

    internal FirehosePayloadReader(FirehoseParserOptions? limits, ArrayPool<byte> pool)
    {
        limits ??= new FirehoseParserOptions();
        limits.ThrowIfInvalid();
        _maxRecord = limits.MaxDecompressedRecordSize;
        _maxDelivery = limits.MaxDecompressedDeliverySize;
        _store = new PayloadStore(pool);
    }

    /// <summary>Gets the gunzipped bytes counted against <see cref="FirehoseParserOptions.MaxDecompressedDeliverySize"/> since the last reset.</summary>
    public long DecompressedBytes => _store.DecompressedBytes;

    /// <summary>
    /// Returns the format of <paramref name="record"/> where it is unambiguous: the gzip magic (1F 8B 08) or a JSON
    /// object with a <c>messageType</c> member is CloudWatch Logs; a JSON object with <c>metric_stream_name</c> or
    /// <c>metric_name</c> is Metric Streams JSON; a record that frames exactly, end to end, as varint-length-prefixed
    /// messages each starting with a protobuf field tag is Metric Streams OpenTelemetry. Otherwise
    /// <see cref="FirehoseRecordFormat.Raw"/>.
    /// </summary>
    /// <param name="record">The record, as delivered.</param>
    /// <returns>The format; never <see cref="FirehoseRecordFormat.Auto"/>.</returns>
    public static FirehoseRecordFormat Detect(ReadOnlySpan<byte> record) => RecordFormatDetector.Detect(record);

    /// <summary>Reads <paramref name="record"/> in <paramref name="format"/>, detecting it first for <see cref="FirehoseRecordFormat.Auto"/>.</summary>
    /// <param name="record">The record, as delivered.</param>
    /// <param name="format">The expected format.</param>
    /// <returns>The result; for <see cref="FirehoseRecordFormat.Raw"/>, just the raw record (and <see cref="PayloadStatus.UnknownFormat"/> when it was detected).</returns>
    /// <exception cref="ObjectDisposedException">The reader was disposed.</exception>
    public FirehosePayloadRecord Read(ReadOnlyMemory<byte> record, FirehoseRecordFormat format)
    {
        var detected = format == FirehoseRecordFormat.Auto ? Detect(record.Span) : format;
        return detected switch
        {
            FirehoseRecordFormat.CloudWatchLogs => new FirehosePayloadRecord(ReadCloudWatchLogs(record)),
            FirehoseRecordFormat.CloudWatchMetricsJson => new FirehosePayloadRecord(ReadCloudWatchMetricsJson(record)),
            FirehoseRecordFormat.CloudWatchMetricsOpenTelemetry => new FirehosePayloadRecord(ReadCloudWatchMetricsOpenTelemetry(record)),
            FirehoseRecordFormat.Raw => new FirehosePayloadRecord(FirehoseRecordFormat.Raw, format == FirehoseRecordFormat.Auto ? PayloadStatus.UnknownFormat : PayloadStatus.Ok, record),
            _ => throw new ArgumentOutOfRangeException(nameof(format), format, "Not a record format."),
        };
    }

    /// <summary>Reads a CloudWatch Logs record: gzip'd (one or more members) or already-decompressed JSON, holding one or more subscription messages.</summary>
    /// <param name="record">The record, as delivered.</param>
    /// <returns>The messages, or the status and raw record.</returns>
    /// <exception cref="ObjectDisposedException">The reader was disposed.</exception>
    public CloudWatchLogsRecord ReadCloudWatchLogs(ReadOnlyMemory<byte> record)
    {
        ObjectDisposedException.ThrowIf(_disposed, this);
        var mark = _store.Mark();
        var status = TryGetJson(record, out var json);
        var start = 0;
        if (status == PayloadStatus.Ok)
        {
            status = CloudWatchLogsParser.Parse(_store, json, out start);
        }

        if (status != PayloadStatus.Ok)
        {
            _store.Rewind(mark);
            return new CloudWatchLogsRecord(record, status, json, default);
        }

        return new CloudWatchLogsRecord(record, status, json, _store.Messages(start));
    }

    /// <summary>Reads a CloudWatch Metric Streams JSON record: one JSON object per line (a gzip'd record is gunzipped first).</summary>
    /// <param name="record">The record, as delivered.</param>
    /// <returns>The metrics, or the status and raw record.</returns>
    /// <exception cref="ObjectDisposedException">The reader was disposed.</exception>
    public CloudWatchMetricsRecord ReadCloudWatchMetricsJson(ReadOnlyMemory<byte> record)
    {
        ObjectDisposedException.ThrowIf(_disposed, this);
        var mark = _store.Mark();
        var status = TryGetJson(record, out var json);
        var start = 0;
        if (status == PayloadStatus.Ok)
        {
            status = CloudWatchMetricsParser.Parse(_store, json, out start);
        }

        if (status != PayloadStatus.Ok)
        {
            _store.Rewind(mark);
            return new CloudWatchMetricsRecord(record, status, default);
        }

        return new CloudWatchMetricsRecord(record, status, _store.Metrics(start));
    }

    /// <summary>
    /// Splits a CloudWatch Metric Streams OpenTelemetry (1.0 or 0.7) record into its varint-length-prefixed
    /// <c>ExportMetricsServiceRequest</c> messages, as zero-copy slices of the record.
    /// </summary>
    /// <param name="record">The record, as delivered.</param>
    /// <returns>The messages, or the status and raw record.</returns>
    /// <exception cref="ObjectDisposedException">The reader was disposed.</exception>
    public OpenTelemetryMetricsRecord ReadCloudWatchMetricsOpenTelemetry(ReadOnlyMemory<byte> record)
    {
        ObjectDisposedException.ThrowIf(_disposed, this);
        var mark = _store.Mark();
        var status = OpenTelemetryFraming.Split(_store, record, out var start);
        if (status != PayloadStatus.Ok)
        {
            _store.Rewind(mark);
            return new OpenTelemetryMetricsRecord(record, status, default);
        }

        return new OpenTelemetryMetricsRecord(record, status, _store.Strings(start));
    }

    /// <summary>
    /// Forgets every record read, to read another delivery with the same buffers: results obtained earlier become
    /// invalid, and the per-delivery count of gunzipped bytes starts again from 0.
    /// </summary>
    /// <exception cref="ObjectDisposedException">The reader was disposed.</exception>
    public void Reset()
    {
        ObjectDisposedException.ThrowIf(_disposed, this);
        _store.Reset();
    }

    /// <summary>Returns the pooled buffers. Results obtained earlier become invalid.</summary>
    public void Dispose()
    {
        if (!_disposed)
        {
            _disposed = true;
            _store.Dispose();
        }
    }

    private PayloadStatus TryGetJson(ReadOnlyMemory<byte> record, out ReadOnlyMemory<byte> json)
    {
        if (!GzipInflater.HasGzipMagic(record.Span))
        {
            json = record;
            return PayloadStatus.Ok;
        }

        return PayloadInflater.Inflate(_store, record.Span, _maxRecord, _maxDelivery, out json);
    }
}
