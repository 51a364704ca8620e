using System.Text.Json;

namespace FirehoseAuth.Payloads;

/// <summary>
/// Reads a CloudWatch Metric Streams JSON record (objects one per line) in one pass into the store. Unknown fields are
/// skipped; <c>namespace</c>, <c>metric_name</c>, <c>timestamp</c> and <c>value</c> are required.
/// </summary>
internal static class CloudWatchMetricsParser
{
    public static PayloadStatus Parse(PayloadStore store, ReadOnlyMemory<byte> json, out int metricStart)
    {
        metricStart = store.MetricCount;
        var reader = new Utf8JsonReader(json.Span, JsonText.Options);
        try
        {
            while (reader.Read())
            {
                if (reader.TokenType != JsonTokenType.StartObject || !ReadMetric(store, json, ref reader))
                {
                    return PayloadStatus.NotCloudWatchMetrics;
                }
            }
        }
        catch (JsonException)
        {
            return PayloadStatus.InvalidJson;
        }
        catch (InvalidOperationException e) when (e is not ObjectDisposedException)
        {
            // A \u escape that is not valid UTF-16 (a lone surrogate such as \uDDDD): the grammar allows it, but
            // comparing or unescaping the string throws. It cannot be text, so the record is not JSON the handler can read.
            return PayloadStatus.InvalidJson;
        }

        return store.MetricCount > metricStart ? PayloadStatus.Ok : PayloadStatus.InvalidJson;
    }

    private static bool ReadMetric(PayloadStore store, ReadOnlyMemory<byte> json, ref Utf8JsonReader reader)
    {
        var fields = new CloudWatchMetricFields { Max = double.NaN, Min = double.NaN, Sum = double.NaN, Count = double.NaN };
        var dimensionStart = -1;
        var percentileStart = -1;
        while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
        {
            bool ok;
            if (reader.ValueTextEquals("metric_stream_name"u8))
            {
                ok = JsonText.TryReadText(store, json, ref reader, out fields.MetricStreamName);
            }
            else if (reader.ValueTextEquals("account_id"u8))
            {
                ok = JsonText.TryReadText(store, json, ref reader, out fields.AccountId);
            }
            else if (reader.ValueTextEquals("region"u8))
            {
                ok = JsonText.TryReadText(store, json, ref reader, out fields.Region);
            }
            else if (reader.ValueTextEquals("namespace"u8))
            {
                ok = JsonText.TryReadText(store, json, ref reader, out fields.Namespace) && reader.TokenType == JsonTokenType.String;
            }
            else if (reader.ValueTextEquals("metric_name"u8))
            {
                ok = JsonText.TryReadText(store, json, ref reader, out fields.MetricName) && reader.TokenType == JsonTokenType.String;
            }
            else if (reader.ValueTextEquals("unit"u8))
            {
                ok = JsonText.TryReadText(store, json, ref reader, out fields.Unit);
            }
            else if (reader.ValueTextEquals("timestamp"u8))
            {
                reader.Read();
                ok = fields.HasTimestamp = reader.TokenType == JsonTokenType.Number && reader.TryGetInt64(out fields.Timestamp);
            }
            else if (reader.ValueTextEquals("dimensions"u8))
            {
                dimensionStart = store.DimensionCount;
                ok = ReadDimensions(store, json, ref reader);
            }
            else if (reader.ValueTextEquals("value"u8))
            {
                percentileStart = store.PercentileCount;
                ok = fields.HasValue = ReadValue(store, json, ref reader, ref fields);
            }
            else
            {
                reader.Skip();
                ok = true;
            }

            if (!ok)
            {
                return false;
            }
        }

        if (fields.Namespace.IsEmpty || fields.MetricName.IsEmpty || !fields.HasTimestamp || !fields.HasValue)
        {
            return false;
        }

        var dimensions = dimensionStart < 0 ? default : store.Dimensions(dimensionStart);
        var percentiles = percentileStart < 0 ? default : store.Percentiles(percentileStart);
        store.Add(new CloudWatchMetric(fields, dimensions, percentiles));
        return true;
    }

    private static bool ReadDimensions(PayloadStore store, ReadOnlyMemory<byte> json, ref Utf8JsonReader reader)
    {
        reader.Read();
        if (reader.TokenType == JsonTokenType.Null)
        {
            return true;
        }

        if (reader.TokenType != JsonTokenType.StartObject)
        {
            return false;
        }

        while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
        {
            JsonText.TryGetText(store, json, ref reader, out var name);
            if (!JsonText.TryReadText(store, json, ref reader, out var value) || reader.TokenType != JsonTokenType.String)
            {
                return false;
            }

            store.Add(new CloudWatchMetricDimension(name, value));
        }

        return true;
    }

    private static bool ReadValue(PayloadStore store, ReadOnlyMemory<byte> json, ref Utf8JsonReader reader, ref CloudWatchMetricFields fields)
    {
        reader.Read();
        if (reader.TokenType != JsonTokenType.StartObject)
        {
            return false;
        }

        while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
        {
            var which = reader.ValueTextEquals("max"u8) ? 0
                : reader.ValueTextEquals("min"u8) ? 1
                : reader.ValueTextEquals("sum"u8) ? 2
                : reader.ValueTextEquals("count"u8) ? 3
                : 4;
            var name = default(ReadOnlyMemory<byte>);
            if (which == 4)
            {
                JsonText.TryGetText(store, json, ref reader, out name);
            }

            reader.Read();
            if (reader.TokenType != JsonTokenType.Number || !reader.TryGetDouble(out var number))
            {
                return false;
            }

            switch (which)
            {
                case 0: fields.Max = number; break;
                case 1: fields.Min = number; break;
                case 2: fields.Sum = number; break;
                case 3: fields.Count = number; break;
                default: store.Add(new CloudWatchMetricPercentile(name, number)); break;
            }
        }

        return true;
    }
}
