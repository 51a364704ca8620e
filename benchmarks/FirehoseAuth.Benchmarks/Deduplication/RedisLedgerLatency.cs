using System.Diagnostics;
using System.Globalization;
using FirehoseAuth.Deduplication;
using FirehoseAuth.Redis;
using FirehoseAuth.Redis.Tests;

namespace FirehoseAuth.Benchmarks.Deduplication;

/// <summary>
/// The latency the Redis ledger adds to a delivery: claim + complete of a new request id against a redis-server on
/// loopback that this run starts (and stops by its process id). Prints p50, p99 and the mean, one caller at a time and
/// with concurrent callers.
/// </summary>
/// <remarks>Run: <c>dotnet run -c Release --project benchmarks/FirehoseAuth.Benchmarks -- --redis-latency</c>.</remarks>
internal static class RedisLedgerLatency
{
    private const int Warmup = 2_000;
    private const int Deliveries = 20_000;
    private static readonly TimeSpan Lease = TimeSpan.FromMinutes(5);
    private static readonly TimeSpan Retention = TimeSpan.FromHours(3);

    public static async Task<int> RunAsync(TextWriter output)
    {
        using var server = new RedisServer();
        await using var connection = new RedisConnection(server.ConnectionString, loggerFactory: null);
        var ledger = new RedisDeliveryLedger(connection, "bench:", -1);

        await MeasureAsync(ledger, Warmup, callers: 1);
        output.WriteLine("Redis ledger on loopback, claim + complete per delivery (two round trips):");
        foreach (var callers in new[] { 1, 16 })
        {
            var latencies = await MeasureAsync(ledger, Deliveries, callers);
            Array.Sort(latencies);
            output.WriteLine(string.Create(CultureInfo.InvariantCulture, $"  {callers,2} concurrent caller(s): p50 {Percentile(latencies, 0.50):F1} µs, p99 {Percentile(latencies, 0.99):F1} µs, mean {latencies.Average():F1} µs over {latencies.Length} deliveries"));
        }

        return 0;
    }

    private static double Percentile(double[] sorted, double p) => sorted[Math.Min(sorted.Length - 1, (int)(p * sorted.Length))];

    private static async Task<double[]> MeasureAsync(RedisDeliveryLedger ledger, int deliveries, int callers)
    {
        var latencies = new double[deliveries];
        var next = -1;
        await Task.WhenAll(Enumerable.Range(0, callers).Select(_ => Task.Run(async () =>
        {
            int i;
            while ((i = Interlocked.Increment(ref next)) < deliveries)
            {
                var key = new FirehoseDeliveryKey("default", "arn:aws:firehose:us-east-1:123456789012:deliverystream/orders", Guid.NewGuid().ToString());
                var start = Stopwatch.GetTimestamp();
                var claim = await ledger.TryClaimAsync(key, Lease, CancellationToken.None);
                await ledger.CompleteAsync(key, claim.Token, Retention, CancellationToken.None);
                latencies[i] = Stopwatch.GetElapsedTime(start).TotalMicroseconds;
                if (claim.Outcome != DeliveryClaimOutcome.Claimed)
                {
                    throw new InvalidOperationException($"A new request id was {claim.Outcome}.");
                }
            }
        })));
        return latencies;
    }
}
