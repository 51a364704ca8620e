using FirehoseAuth.Payloads;

namespace FirehoseReceiver;

/// <summary>
/// Walks a decoded delivery's lines piece by piece, in record order: per CloudWatch Logs data event
/// <c>{…"index","event","owner","logGroup","logStream","subscriptionFilters","id","eventTimestamp","message"}</c>; per
/// Metric Streams JSON metric <c>{"requestId"[,"stream"],"index","metric_stream_name","account_id","region","namespace",
/// "metric_name","dimensions","timestamp","value","unit"}</c>; per OpenTelemetry message <c>{…"index","message","length",
/// "dataBase64"}</c>; per record that did not decode, the raw line plus <c>"formatError"</c>. Control messages give no
/// line. <c>…</c> is the raw line's prefix: <c>"requestId","timestamp"[,"stream"]</c>.
/// </summary>
/// <param name="records">The decoded records; they and what they point to must stay valid until the walk ends.</param>
/// <param name="prefix">The raw line's prefix, up to and including <c>"index":</c>.</param>
/// <param name="metricPrefix">The same without the delivery's <c>"timestamp"</c> (a metric line has its own).</param>
internal struct PayloadLineCursor(ArraySegment<DecodedRecord> records, ReadOnlyMemory<byte> prefix, ReadOnlyMemory<byte> metricPrefix)
{
    private static readonly byte[] LineEnd = "\"}\n"u8.ToArray();
    private static readonly byte[] Quote = "\""u8.ToArray();
    private static readonly byte[] CommaQuote = ",\""u8.ToArray();
    private static readonly byte[] DataKey = ",\"data\":\""u8.ToArray();
    private static readonly byte[] DataBase64Key = ",\"dataBase64\":\""u8.ToArray();
    private static readonly byte[] FormatErrorKey = "\",\"formatError\":\""u8.ToArray();
    private static readonly byte[] EventKey = ",\"event\":"u8.ToArray();
    private static readonly byte[] OwnerKey = ",\"owner\":\""u8.ToArray();
    private static readonly byte[] LogGroupKey = "\",\"logGroup\":\""u8.ToArray();
    private static readonly byte[] LogStreamKey = "\",\"logStream\":\""u8.ToArray();
    private static readonly byte[] FiltersKey = "\",\"subscriptionFilters\":["u8.ToArray();
    private static readonly byte[] IdKey = "],\"id\":\""u8.ToArray();
    private static readonly byte[] EventTimestampKey = "\",\"eventTimestamp\":"u8.ToArray();
    private static readonly byte[] MessageTextKey = ",\"message\":\""u8.ToArray();
    private static readonly byte[] MetricStreamNameKey = ",\"metric_stream_name\":\""u8.ToArray();
    private static readonly byte[] AccountIdKey = "\",\"account_id\":\""u8.ToArray();
    private static readonly byte[] RegionKey = "\",\"region\":\""u8.ToArray();
    private static readonly byte[] NamespaceKey = "\",\"namespace\":\""u8.ToArray();
    private static readonly byte[] MetricNameKey = "\",\"metric_name\":\""u8.ToArray();
    private static readonly byte[] DimensionsKey = "\",\"dimensions\":{"u8.ToArray();
    private static readonly byte[] NameEnd = "\":\""u8.ToArray();
    private static readonly byte[] StatisticEnd = "\":"u8.ToArray();
    private static readonly byte[] MetricTimestampKey = "},\"timestamp\":"u8.ToArray();
    private static readonly byte[] ValueKey = ",\"value\":{"u8.ToArray();
    private static readonly byte[] UnitKey = "},\"unit\":\""u8.ToArray();
    private static readonly byte[] MessageIndexKey = ",\"message\":"u8.ToArray();
    private static readonly byte[] LengthKey = ",\"length\":"u8.ToArray();
    private static readonly byte[][] Statistics = ["max"u8.ToArray(), "min"u8.ToArray(), "sum"u8.ToArray(), "count"u8.ToArray()];

    private int _record;
    private bool _started;
    private FirehoseRecordFormat _kind;
    private DecodedRecord _current;
    private PayloadList<CloudWatchLogsMessage> _messages;
    private PayloadList<CloudWatchMetric> _metrics;
    private PayloadList<ReadOnlyMemory<byte>> _otlp;
    private int _step;
    private int _sub;
    private int _list;
    private int _message;
    private int _item;
    private int _ordinal;
    private bool _separated;
    private CloudWatchLogsMessage _logs;
    private CloudWatchLogEvent _event;
    private CloudWatchMetric _metric;

    /// <summary>Hands out the next piece of the delivery's lines.</summary>
    /// <returns><see langword="false"/> when every line has been handed out.</returns>
    public bool MoveNext(out LinePiece piece)
    {
        while (_record < records.Count)
        {
            if (!_started)
            {
                Start(records[_record]);
            }

            var more = _kind switch
            {
                FirehoseRecordFormat.CloudWatchLogs => NextLogs(out piece),
                FirehoseRecordFormat.CloudWatchMetricsJson => NextMetric(out piece),
                FirehoseRecordFormat.CloudWatchMetricsOpenTelemetry => NextOpenTelemetry(out piece),
                _ => NextFormatError(out piece),
            };
            if (more)
            {
                return true;
            }

            _record++;
            (_started, _step, _sub, _list, _message, _item, _ordinal) = (false, 0, 0, 0, 0, 0, 0);
        }

        piece = default;
        return false;
    }

    /// <summary>Takes what the record's lines need once, so that no piece copies the record again.</summary>
    private void Start(in DecodedRecord record)
    {
        _started = true;
        _current = record;
        _kind = record.FormatError.IsEmpty ? record.Payload.Format : FirehoseRecordFormat.Raw;
        _messages = _kind == FirehoseRecordFormat.CloudWatchLogs ? record.Payload.CloudWatchLogs.Messages : default;
        _metrics = _kind == FirehoseRecordFormat.CloudWatchMetricsJson ? record.Payload.CloudWatchMetrics.Metrics : default;
        _otlp = _kind == FirehoseRecordFormat.CloudWatchMetricsOpenTelemetry ? record.Payload.OpenTelemetryMetrics.Messages : default;
    }

    private bool NextFormatError(out LinePiece piece)
    {
        piece = _step++ switch
        {
            0 => LinePiece.Literal(prefix),
            1 => LinePiece.Of(_record),
            2 => LinePiece.Literal(_current.RawIsText ? DataKey : DataBase64Key),
            3 => _current.RawIsText ? LinePiece.Text(_current.Payload.RawRecord) : LinePiece.Base64(_current.Payload.RawRecord),
            4 => LinePiece.Literal(FormatErrorKey),
            5 => LinePiece.Text(_current.FormatError),
            6 => LinePiece.Literal(LineEnd),
            _ => default,
        };
        return _step <= 7;
    }

    private bool NextLogs(out LinePiece piece)
    {
        var messages = _messages;
        if (_step == 0)
        {
            // The next data event: control messages give no line.
            while (_message < messages.Count && (!messages[_message].IsData || _item >= messages[_message].LogEvents.Count))
            {
                (_message, _item) = (_message + 1, 0);
            }

            if (_message == messages.Count)
            {
                piece = default;
                return false;
            }

            _logs = messages[_message];
            _event = _logs.LogEvents[_item];
        }

        if (_step == 11)
        {
            piece = NextListItem(_logs.SubscriptionFilters.Count, out var index) switch
            {
                0 => LinePiece.Literal(index == 0 ? Quote : CommaQuote),
                1 => LinePiece.Text(_logs.SubscriptionFilters[index]),
                2 => LinePiece.Literal(Quote),
                _ => LinePiece.Literal(IdKey),
            };
            return true;
        }

        piece = _step++ switch
        {
            0 => LinePiece.Literal(prefix),
            1 => LinePiece.Of(_record),
            2 => LinePiece.Literal(EventKey),
            3 => LinePiece.Of(_ordinal),
            4 => LinePiece.Literal(OwnerKey),
            5 => LinePiece.Text(_logs.Owner),
            6 => LinePiece.Literal(LogGroupKey),
            7 => LinePiece.Text(_logs.LogGroup),
            8 => LinePiece.Literal(LogStreamKey),
            9 => LinePiece.Text(_logs.LogStream),
            10 => LinePiece.Literal(FiltersKey),
            12 => LinePiece.Text(_event.Id),
            13 => LinePiece.Literal(EventTimestampKey),
            14 => LinePiece.Of(_event.TimestampMilliseconds),
            15 => LinePiece.Literal(MessageTextKey),
            16 => LinePiece.Text(_event.Message),
            _ => LinePiece.Literal(LineEnd),
        };
        if (_step > 17)
        {
            (_step, _item, _ordinal) = (0, _item + 1, _ordinal + 1);
        }

        return true;
    }

    private bool NextMetric(out LinePiece piece)
    {
        var metrics = _metrics;
        if (_step == 0)
        {
            if (_item == metrics.Count)
            {
                piece = default;
                return false;
            }

            _metric = metrics[_item];
        }

        if (_step == 13)
        {
            piece = NextListItem(_metric.Dimensions.Count, out var index) switch
            {
                0 => LinePiece.Literal(index == 0 ? Quote : CommaQuote),
                1 => LinePiece.Text(_metric.Dimensions[index].Name),
                2 => LinePiece.Literal(NameEnd),
                3 => LinePiece.Text(_metric.Dimensions[index].Value),
                4 => LinePiece.Literal(Quote),
                _ => LinePiece.Literal(MetricTimestampKey),
            };
            return true;
        }

        if (_step == 16)
        {
            piece = NextStatistic();
            return true;
        }

        piece = _step++ switch
        {
            0 => LinePiece.Literal(metricPrefix),
            1 => LinePiece.Of(_record),
            2 => LinePiece.Literal(MetricStreamNameKey),
            3 => LinePiece.Text(_metric.MetricStreamName),
            4 => LinePiece.Literal(AccountIdKey),
            5 => LinePiece.Text(_metric.AccountId),
            6 => LinePiece.Literal(RegionKey),
            7 => LinePiece.Text(_metric.Region),
            8 => LinePiece.Literal(NamespaceKey),
            9 => LinePiece.Text(_metric.Namespace),
            10 => LinePiece.Literal(MetricNameKey),
            11 => LinePiece.Text(_metric.MetricName),
            12 => LinePiece.Literal(DimensionsKey),
            14 => LinePiece.Of(_metric.TimestampMilliseconds),
            15 => LinePiece.Literal(ValueKey),
            17 => LinePiece.Text(_metric.Unit),
            _ => LinePiece.Literal(LineEnd),
        };
        if (_step > 18)
        {
            (_step, _item) = (0, _item + 1);
        }

        return true;
    }

    /// <summary>
    /// The members of <c>value</c>: max, min, sum and count where present, then the percentiles; each as
    /// separator, name, <c>":</c>, number. Ends with the <c>unit</c> member's start.
    /// </summary>
    private LinePiece NextStatistic()
    {
        // Skip the absent fixed statistics (NaN) before starting a member.
        while (_sub == 0 && _list < Statistics.Length && double.IsNaN(FixedStatistic(_list)))
        {
            _list++;
        }

        if (_list >= Statistics.Length + _metric.Percentiles.Count)
        {
            (_step, _sub, _list, _separated) = (17, 0, 0, false);
            return LinePiece.Literal(UnitKey);
        }

        var percentile = _list - Statistics.Length;
        switch (_sub++)
        {
            case 0:
                var separator = _separated ? CommaQuote : Quote;
                _separated = true;
                return LinePiece.Literal(separator);
            case 1:
                return LinePiece.Text(percentile < 0 ? Statistics[_list] : _metric.Percentiles[percentile].Name);
            case 2:
                return LinePiece.Literal(StatisticEnd);
            default:
                var value = percentile < 0 ? FixedStatistic(_list) : _metric.Percentiles[percentile].Value;
                (_sub, _list) = (0, _list + 1);
                return LinePiece.Of(value);
        }
    }

    private readonly double FixedStatistic(int index) => index switch
    {
        0 => _metric.Max,
        1 => _metric.Min,
        2 => _metric.Sum,
        _ => _metric.Count,
    };

    private bool NextOpenTelemetry(out LinePiece piece)
    {
        var messages = _otlp;
        if (_step == 0 && _item == messages.Count)
        {
            piece = default;
            return false;
        }

        piece = _step++ switch
        {
            0 => LinePiece.Literal(prefix),
            1 => LinePiece.Of(_record),
            2 => LinePiece.Literal(MessageIndexKey),
            3 => LinePiece.Of(_item),
            4 => LinePiece.Literal(LengthKey),
            5 => LinePiece.Of(messages[_item].Length),
            6 => LinePiece.Literal(DataBase64Key),
            7 => LinePiece.Base64(messages[_item]),
            _ => LinePiece.Literal(LineEnd),
        };
        if (_step > 8)
        {
            (_step, _item) = (0, _item + 1);
        }

        return true;
    }

    /// <summary>
    /// Steps through a list inside a line: returns the item's part (<see cref="_sub"/>) and its index, or, after the
    /// last item (parts run 0 to 2 for a filter, 0 to 4 for a dimension), a value past every part once, moving on.
    /// </summary>
    private int NextListItem(int count, out int index)
    {
        index = _list;
        if (_list < count)
        {
            var part = _sub++;
            var parts = _step == 11 ? 3 : 5;
            if (_sub == parts)
            {
                (_sub, _list) = (0, _list + 1);
            }

            return part;
        }

        (_step, _sub, _list) = (_step + 1, 0, 0);
        return int.MaxValue;
    }
}
