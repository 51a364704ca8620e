using System.Globalization;

namespace FirehoseAuth.LoadTest;

/// <summary>
/// The summary of a comparison: per shape and figure, the median of each side's rounds and the ratios of ours to each
/// other side (ours / naive, ours / floor), so that what our receiver costs beyond the floor reads beside its lead.
/// </summary>
internal sealed class ComparisonTable(IReadOnlyList<ReceiverSide> sides)
{
    private static readonly (string Name, string Format, Func<ComparisonRun, double> Value)[] Figures =
    [
        ("req/s", "F0", r => r.Result.RequestsPerSecond),
        ("CPU ms/delivery", "F2", r => r.Result.CpuMsPerDelivery),
        ("peak RSS MiB", "F0", r => r.Result.PeakRssKiB / 1024.0),
        ("idle RSS MiB", "F0", r => r.IdleRssKiB / 1024.0),
        ("start to first 200 s", "F3", r => r.StartToFirst200.TotalSeconds),
    ];

    private readonly List<string> _rows = [];

    public static double Median(IEnumerable<double> values)
    {
        var sorted = values.Order().ToList();
        return sorted.Count == 0 ? 0 : sorted.Count % 2 == 1 ? sorted[sorted.Count / 2] : (sorted[(sorted.Count / 2) - 1] + sorted[sorted.Count / 2]) / 2;
    }

    /// <summary>Adds a shape's rows; <paramref name="lowestRound"/> (ours / the second side's req/s) goes beside req/s.</summary>
    public void Add(string shape, IReadOnlyDictionary<ReceiverSide, List<ComparisonRun>> runs, double lowestRound)
    {
        foreach (var (name, format, value) in Figures)
        {
            var medians = sides.Select(side => Median(runs[side].Select(value))).ToList();
            var cells = medians.Select(m => m.ToString(format, CultureInfo.InvariantCulture));
            var ratios = medians.Skip(1).Select(m => (medians[0] / Math.Max(m, 1e-9)).ToString("F2", CultureInfo.InvariantCulture) + "x").ToList();
            if (name == "req/s")
            {
                ratios[0] += string.Create(CultureInfo.InvariantCulture, $" (lowest round {lowestRound:F2}x)");
            }

            _rows.Add($"| {shape} | {name} | {string.Join(" | ", cells)} | {string.Join(" | ", ratios)} |");
        }
    }

    public void Print(string title)
    {
        Console.WriteLine();
        Console.WriteLine(title);
        var others = sides.Skip(1).Select(s => s.Name).ToList();
        Console.WriteLine($"| shape | figure | {string.Join(" | ", sides.Select(s => s.Name))} | {string.Join(" | ", others.Select(o => $"{sides[0].Name} / {o}"))} |");
        Console.WriteLine($"|---|---|{string.Concat(Enumerable.Repeat("---:|", sides.Count + others.Count))}");
        _rows.ForEach(Console.WriteLine);
    }
}
