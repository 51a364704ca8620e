using System.Globalization;
using FirehoseAuth.Testing;

namespace FirehoseAuth.Simulator;

/// <summary>What <c>send</c> did: deliveries, records, attempts, failures and latency percentiles.</summary>
internal sealed class SendSummary
{
    private readonly List<double> _latencies = [];

    public int Deliveries { get; private set; }

    public long Records { get; private set; }

    public int Attempts { get; private set; }

    public int Failures { get; private set; }

    public int Lost { get; private set; }

    public int FailedAfterRetries { get; private set; }

    public bool AllDelivered => Lost == 0 && FailedAfterRetries == 0;

    public void Add(FirehoseDeliveryOutcome outcome, int records)
    {
        Deliveries++;
        Records += records;
        foreach (var attempt in outcome.Attempts)
        {
            Attempts++;
            Failures += attempt.Succeeded ? 0 : 1;
            _latencies.Add(attempt.Latency.TotalMilliseconds);
        }

        Lost += outcome.Verdict == FirehoseDeliveryVerdict.Lost ? 1 : 0;
        FailedAfterRetries += outcome.Verdict == FirehoseDeliveryVerdict.FailedAfterRetries ? 1 : 0;
    }

    /// <summary>The value below which <paramref name="percent"/> % of the latencies fall (nearest rank).</summary>
    public double Percentile(double percent)
    {
        if (_latencies.Count == 0)
        {
            return 0;
        }

        var sorted = _latencies.Order().ToArray();
        var rank = (int)Math.Ceiling(percent / 100 * sorted.Length);
        return sorted[Math.Clamp(rank - 1, 0, sorted.Length - 1)];
    }

    public override string ToString() => string.Create(
        CultureInfo.InvariantCulture,
        $"deliveries: {Deliveries} ({Deliveries - Lost - FailedAfterRetries} delivered, {FailedAfterRetries} failed after retries, {Lost} lost to 413); records: {Records}; attempts: {Attempts}; failed attempts: {Failures}; latency p50: {Percentile(50):0.#} ms, p99: {Percentile(99):0.#} ms");
}
