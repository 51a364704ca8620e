using System.Globalization;

namespace FirehoseAuth.LoadTest;

/// <summary>
/// Start to first 200 alone, without load: for each side, <c>N</c> fresh processes probed with the small delivery
/// (one 100 B record) and <c>N</c> probed with the shape's first delivery (what the load rounds measure), the kinds
/// and sides interleaved; prints medians and ratios of ours to each other side. The delivery is sent every
/// <c>--poll-ms</c> until the first 200, so the poll's granularity is part of every figure.
/// </summary>
internal static class StartupComparison
{
    public static async Task RunAsync(IReadOnlyList<ReceiverSide> sides, string shape, int rounds, TimeSpan poll)
    {
        var probes = new[] { ("small", Deliveries.Create("small")[0]), (shape, Deliveries.Create(shape)[0]) };
        var times = sides.ToDictionary(s => s, _ => probes.Select(_ => new List<double>()).ToArray());
        for (var round = 0; round < rounds; round++)
        {
            for (var kind = 0; kind < probes.Length; kind++)
            {
                foreach (var side in sides.Skip(round % sides.Count).Concat(sides.Take(round % sides.Count)))
                {
                    await using var process = SideProcess.Start(side);
                    var elapsed = await process.WaitForFirst200Async(probes[kind].Item2, poll).ConfigureAwait(false);
                    times[side][kind].Add(elapsed.TotalSeconds);
                    Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"start-up round {round + 1} {side.Name}, {probes[kind].Item1} delivery ({probes[kind].Item2.Body.Length} B): first 200 after {elapsed.TotalSeconds:F3}s"));
                }
            }
        }

        Console.WriteLine();
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"## Start to first 200 without load: medians of {rounds} fresh processes per side and delivery, polled every {poll.TotalMilliseconds:F0} ms"));
        Console.WriteLine($"| first delivery | {string.Join(" | ", sides.Select(s => s.Name + " s"))} | {string.Join(" | ", sides.Skip(1).Select(s => $"{sides[0].Name} / {s.Name}"))} |");
        Console.WriteLine($"|---|{string.Concat(Enumerable.Repeat("---:|", (sides.Count * 2) - 1))}");
        for (var kind = 0; kind < probes.Length; kind++)
        {
            var medians = sides.Select(s => ComparisonTable.Median(times[s][kind])).ToList();
            var ratios = medians.Skip(1).Select(m => (medians[0] / Math.Max(m, 1e-9)).ToString("F2", CultureInfo.InvariantCulture) + "x");
            Console.WriteLine($"| {probes[kind].Item1} ({probes[kind].Item2.Body.Length} B) | {string.Join(" | ", medians.Select(m => m.ToString("F3", CultureInfo.InvariantCulture)))} | {string.Join(" | ", ratios)} |");
        }
    }
}
