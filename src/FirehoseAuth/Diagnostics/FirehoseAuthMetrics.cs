using System.Diagnostics.Metrics;
using FirehoseAuth.Authentication;

namespace FirehoseAuth.Diagnostics;

/// <summary>
/// The instruments of the <c>FirehoseAuth</c> meter. Tags carry stream names, secret ids, outcomes and status codes
/// only, never keys or data.
/// </summary>
internal sealed class FirehoseAuthMetrics
{
    private readonly Counter<long> _deliveries;
    private readonly Counter<long> _records;
    private readonly Counter<long> _bytes;
    private readonly Counter<long> _authentications;
    private readonly Counter<long> _refreshes;
    private readonly Counter<long> _refreshFailures;
    private readonly Counter<long> _deduplication;
    private readonly List<(IKeySetStatusSource Source, string SecretId, TimeProvider Time)> _keySetAges = [];
    private readonly Lock _keySetAgesLock = new();
    private ObservableGauge<double>? _keySetAge;

    public FirehoseAuthMetrics(IMeterFactory meterFactory)
    {
        ArgumentNullException.ThrowIfNull(meterFactory);
        Meter = meterFactory.Create(FirehoseAuthDiagnostics.MeterName);
        _deliveries = Meter.CreateCounter<long>("firehoseauth.deliveries", "{delivery}", "Deliveries answered, by HTTP status.");
        _records = Meter.CreateCounter<long>("firehoseauth.records", "{record}", "Records accepted.");
        _bytes = Meter.CreateCounter<long>("firehoseauth.record_bytes", "By", "Decoded record bytes accepted.");
        _authentications = Meter.CreateCounter<long>("firehoseauth.authentications", "{request}", "Access-key validations, by outcome.");
        _refreshes = Meter.CreateCounter<long>("firehoseauth.keyset.refreshes", "{refresh}", "Successful key-set refreshes.");
        _refreshFailures = Meter.CreateCounter<long>("firehoseauth.keyset.refresh_failures", "{refresh}", "Failed key-set refreshes, by error type.");
        _deduplication = Meter.CreateCounter<long>("firehoseauth.deduplication.claims", "{delivery}", "Deduplication claims, by outcome: claimed, duplicate (answered 200 without the handler), in_progress (503), unavailable (the store failed).");
    }

    public Meter Meter { get; }

    /// <summary>The tag that names the delivery stream on per-delivery instruments.</summary>
    public const string StreamTag = "firehoseauth.stream";

    public void DeliveryAnswered(string stream, int statusCode, int records, long recordBytes)
    {
        var streamTag = new KeyValuePair<string, object?>(StreamTag, stream);
        _deliveries.Add(1, streamTag, new KeyValuePair<string, object?>("http.response.status_code", BoxedStatusCode(statusCode)));
        if (records > 0)
        {
            _records.Add(records, streamTag);
            _bytes.Add(recordBytes, streamTag);
        }
    }

    public void Authenticated(string stream, AccessKeyValidationResult result)
        => _authentications.Add(1, new KeyValuePair<string, object?>(StreamTag, stream), new KeyValuePair<string, object?>("outcome", OutcomeName(result)));

    public const string DedupeClaimed = "claimed";
    public const string DedupeDuplicate = "duplicate";
    public const string DedupeInProgress = "in_progress";
    public const string DedupeUnavailable = "unavailable";

    public void Deduplicated(string stream, string outcome)
        => _deduplication.Add(1, new KeyValuePair<string, object?>(StreamTag, stream), new KeyValuePair<string, object?>("outcome", outcome));

    /// <summary>
    /// The tag that names the Secrets Manager secret on key-set instruments: its id or ARN as configured, which names
    /// the secret and holds none of it (the key-set logs name it too). One secret serves every stream that names it.
    /// </summary>
    public const string SecretTag = "firehoseauth.secret_id";

    public void RefreshSucceeded(string secretId) => _refreshes.Add(1, new KeyValuePair<string, object?>(SecretTag, secretId));

    public void RefreshFailed(string secretId, string errorType)
        => _refreshFailures.Add(1, new KeyValuePair<string, object?>(SecretTag, secretId), new KeyValuePair<string, object?>("error.type", errorType));

    /// <summary>Adds a key source to the key-set age gauge (one instrument, one measurement per source, tagged with its secret).</summary>
    public void ObserveKeySetAge(IKeySetStatusSource source, string secretId, TimeProvider timeProvider)
    {
        ArgumentNullException.ThrowIfNull(source);
        ArgumentNullException.ThrowIfNull(secretId);
        ArgumentNullException.ThrowIfNull(timeProvider);
        lock (_keySetAgesLock)
        {
            _keySetAges.Add((source, secretId, timeProvider));
            _keySetAge ??= Meter.CreateObservableGauge("firehoseauth.keyset.age", ObserveKeySetAges, "s", "Time since the key set was last loaded or confirmed.");
        }
    }

    private List<Measurement<double>> ObserveKeySetAges()
    {
        (IKeySetStatusSource Source, string SecretId, TimeProvider Time)[] sources;
        lock (_keySetAgesLock)
        {
            sources = [.. _keySetAges];
        }

        var measurements = new List<Measurement<double>>(sources.Length);
        foreach (var (source, secretId, time) in sources)
        {
            if (source.GetStatus().LastSuccess is { } last)
            {
                measurements.Add(new Measurement<double>((time.GetUtcNow() - last).TotalSeconds, new KeyValuePair<string, object?>(SecretTag, secretId)));
            }
        }

        return measurements;
    }

    // Boxing an int per delivery would allocate on the hot path; the statuses the endpoint answers are boxed once.
    private static readonly object[] CommonStatusCodes = [200, 400, 401, 403, 405, 413, 415, 500, 503];

    internal static object BoxedStatusCode(int statusCode)
    {
        foreach (var boxed in CommonStatusCodes)
        {
            if ((int)boxed == statusCode)
            {
                return boxed;
            }
        }

        return statusCode;
    }

    internal static string OutcomeName(AccessKeyValidationResult result) => result switch
    {
        AccessKeyValidationResult.ValidCurrent => "current",
        AccessKeyValidationResult.ValidPrevious => "previous",
        AccessKeyValidationResult.Missing => "missing",
        AccessKeyValidationResult.Invalid => "invalid",
        _ => "unavailable",
    };
}
