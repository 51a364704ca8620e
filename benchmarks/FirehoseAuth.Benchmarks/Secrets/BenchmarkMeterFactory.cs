using System.Diagnostics.Metrics;

namespace FirehoseAuth.Benchmarks.Secrets;

/// <summary>An <see cref="IMeterFactory"/> for benchmarks.</summary>
internal sealed class BenchmarkMeterFactory : IMeterFactory
{
    private readonly List<Meter> _meters = [];

    public Meter Create(MeterOptions options)
    {
        var meter = new Meter(options.Name, options.Version, options.Tags, scope: this);
        _meters.Add(meter);
        return meter;
    }

    public void Dispose() => _meters.ForEach(m => m.Dispose());
}
