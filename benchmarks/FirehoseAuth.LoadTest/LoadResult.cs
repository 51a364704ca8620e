using System.Globalization;
using System.Text;

namespace FirehoseAuth.LoadTest;

/// <summary>
/// What one load run measured. RSS samples are in KiB, one a second after warm-up; CPU is the receiver's user + system
/// time over the measured part; the peak RSS (VmHWM) covers the process's whole life.
/// </summary>
internal sealed record LoadResult(long Ok, long Failed, long Records, SortedDictionary<int, long> Statuses, List<double> LatenciesMs, TimeSpan Elapsed, List<long> RssSamples)
{
    public double CpuSeconds { get; init; }

    public long PeakRssKiB { get; init; }

    public double RequestsPerSecond => Ok / Math.Max(Elapsed.TotalSeconds, 1e-9);

    /// <summary>Receiver CPU per answered delivery, in milliseconds.</summary>
    public double CpuMsPerDelivery => CpuSeconds * 1000 / Math.Max(Ok, 1);

    public double Percentile(double p) => LatenciesMs.Count == 0 ? 0 : LatenciesMs[Math.Min(LatenciesMs.Count - 1, (int)(p * LatenciesMs.Count))];

    /// <summary>Growth of the mean RSS of the last third of the run over the first third, in percent.</summary>
    public double RssGrowthPercent
    {
        get
        {
            if (RssSamples.Count < 6)
            {
                return 0;
            }

            var third = RssSamples.Count / 3;
            var first = RssSamples.Take(third).Average();
            var last = RssSamples.Skip(RssSamples.Count - third).Average();
            return (last - first) / first * 100;
        }
    }

    public override string ToString()
    {
        var sb = new StringBuilder();
        sb.Append(CultureInfo.InvariantCulture, $"{Ok} ok, {Failed} failed in {Elapsed.TotalSeconds:F1}s: {RequestsPerSecond:F0} req/s, {Records / Math.Max(Elapsed.TotalSeconds, 1e-9):F0} records/s; ");
        sb.Append(CultureInfo.InvariantCulture, $"latency p50 {Percentile(0.5):F2} ms, p99 {Percentile(0.99):F2} ms; statuses {string.Join(", ", Statuses.Select(s => $"{s.Key}:{s.Value}"))}");
        if (RssSamples.Count > 0)
        {
            sb.Append(CultureInfo.InvariantCulture, $"; RSS min {RssSamples.Min() / 1024.0:F1} MiB, max {RssSamples.Max() / 1024.0:F1} MiB, last-third vs first-third {RssGrowthPercent:+0.0;-0.0}%");
        }

        if (PeakRssKiB > 0)
        {
            sb.Append(CultureInfo.InvariantCulture, $"; CPU {CpuMsPerDelivery:F2} ms/delivery; peak RSS {PeakRssKiB / 1024.0:F1} MiB");
        }

        return sb.ToString();
    }
}
