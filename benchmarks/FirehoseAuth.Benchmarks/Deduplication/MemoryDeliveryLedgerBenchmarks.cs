using System.Collections.Concurrent;
using System.Globalization;
using BenchmarkDotNet.Attributes;
using FirehoseAuth.Deduplication;

namespace FirehoseAuth.Benchmarks.Deduplication;

/// <summary>
/// The in-memory ledger's cost per delivery: one claim plus one complete of a request id it has not seen, on a ledger
/// that is full (each new delivery evicts the oldest completion). Target: ≤ 2 µs and 0 B per delivery.
/// </summary>
/// <remarks>
/// The baseline is how one would write it by hand: a <see cref="ConcurrentDictionary{TKey, TValue}"/> keyed by the
/// three parts joined into one string, with an expiry per entry and no bound.
/// </remarks>
[MemoryDiagnoser]
public class MemoryDeliveryLedgerBenchmarks
{
    private const int Capacity = 10_000;
    private static readonly TimeSpan Lease = TimeSpan.FromMinutes(5);
    private static readonly TimeSpan Retention = TimeSpan.FromHours(3);

    private readonly ConcurrentDictionary<string, long> _naive = new();
    private FirehoseDeliveryKey[] _keys = [];
    private MemoryDeliveryLedger _ledger = null!;
    private int _next;

    [GlobalSetup]
    public void Setup()
    {
        // Twice the capacity, so that a key comes round again only after it was evicted.
        const string Arn = "arn:aws:firehose:us-east-1:123456789012:deliverystream/orders";
        _keys = [.. Enumerable.Range(0, 2 * Capacity).Select(i => new FirehoseDeliveryKey("default", Arn, Guid.NewGuid().ToString("D", CultureInfo.InvariantCulture)))];
        _ledger = new MemoryDeliveryLedger(Capacity, TimeProvider.System);
        for (var i = 0; i < 2 * Capacity; i++)
        {
            ClaimAndComplete();
        }

        if (_ledger.Count != Capacity)
        {
            throw new InvalidOperationException($"The ledger holds {_ledger.Count} entries, not {Capacity}.");
        }
    }

    [Benchmark(Baseline = true)]
    public bool NaiveConcurrentDictionary()
    {
        var key = NextKey();
        var joined = string.Concat(key.StreamName, "|", key.SourceArn, "|", key.RequestId);
        var now = TimeProvider.System.GetTimestamp();
        var added = _naive.TryAdd(joined, now + (long)(Lease.TotalSeconds * TimeProvider.System.TimestampFrequency));
        _naive[joined] = now + (long)(Retention.TotalSeconds * TimeProvider.System.TimestampFrequency);
        return added;
    }

    [Benchmark]
    public bool ClaimAndComplete()
    {
        var key = NextKey();
        var claim = _ledger.TryClaimAsync(key, Lease, CancellationToken.None).GetAwaiter().GetResult();
        _ledger.CompleteAsync(key, claim.Token, Retention, CancellationToken.None).GetAwaiter().GetResult();
        return claim.Outcome == DeliveryClaimOutcome.Claimed;
    }

    private FirehoseDeliveryKey NextKey()
    {
        var key = _keys[_next];
        _next = _next + 1 == _keys.Length ? 0 : _next + 1;
        return key;
    }
}
