using System.Globalization;

namespace FirehoseAuth.LoadTest;

/// <summary>
/// Runs the same load against the FirehoseReceiver sample, a reference receiver (the naive one, or another build of
/// the sample given by <c>--against</c>, named in the tables by <c>--against-name</c>) and the floor (<see cref="FloorReceiver"/>; <c>--floor off</c> leaves it out),
/// shape by shape, a fresh process per round and side (the order of the sides rotates each round), each writing its
/// output to /dev/null; prints every run, then per shape and figure the medians and the ratios of ours to the others.
/// Fails when any delivery is not answered 200, when the sample's RSS grows by more than <c>--max-rss-growth</c>
/// percent after warm-up, or when a shape's median req/s ratio to the reference is below <c>--min-ratio</c> (not
/// checked by default). <c>--startup-rounds N</c> adds <see cref="StartupComparison"/>.
/// </summary>
internal static class Comparison
{
    public static async Task<int> RunAsync(LoadOptions options)
    {
        var sides = Sides(options);
        var rounds = options.GetInt("rounds", 3);
        var maxGrowth = options.GetInt("max-rss-growth", 25);
        var minRatio = double.Parse(options.TryGet("min-ratio") ?? "0", CultureInfo.InvariantCulture);
        var ok = true;
        var table = new ComparisonTable(sides);
        var shapes = (options.TryGet("shapes") ?? "a,b,c").Split(',');
        foreach (var shape in shapes)
        {
            var deliveries = Deliveries.Create(shape);
            var runs = sides.ToDictionary(side => side, _ => new List<ComparisonRun>());
            for (var round = 0; round < rounds; round++)
            {
                // Rotate which side goes first, so that a drift in the machine's load does not favour one side.
                foreach (var side in sides.Skip(round % sides.Count).Concat(sides.Take(round % sides.Count)))
                {
                    var run = await MeasureAsync(side, deliveries, options).ConfigureAwait(false);
                    runs[side].Add(run);
                    Console.WriteLine($"shape {shape} round {round + 1} {side.Name}: start to first 200 {run.StartToFirst200.TotalSeconds:F3}s, idle RSS {run.IdleRssKiB / 1024.0:F1} MiB; {run.Result}");
                    if (run.Result.Failed > 0)
                    {
                        Console.WriteLine("FAIL: some deliveries were not answered 200");
                        ok = false;
                    }

                    if (side == sides[0] && run.Result.RssGrowthPercent > maxGrowth)
                    {
                        Console.WriteLine($"FAIL: {side.Name} RSS grew {run.Result.RssGrowthPercent:F1}% after warm-up (limit {maxGrowth}%)");
                        ok = false;
                    }
                }
            }

            var ratio = ComparisonTable.Median(runs[sides[0]].Select(r => r.Result.RequestsPerSecond))
                / Math.Max(ComparisonTable.Median(runs[sides[1]].Select(r => r.Result.RequestsPerSecond)), 1e-9);
            var lowest = runs[sides[0]].Zip(runs[sides[1]], (a, b) => a.Result.RequestsPerSecond / Math.Max(b.Result.RequestsPerSecond, 1e-9)).Min();
            table.Add(shape, runs, lowest);
            if (ratio < minRatio)
            {
                Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"FAIL: shape {shape}: median req/s ratio {ratio:F2}x is below --min-ratio {minRatio:F2}"));
                ok = false;
            }
        }

        table.Print($"## {string.Join(" vs ", sides.Select(s => s.Name))}: medians of {rounds} rounds, {options.GetInt("concurrency", 8)} connections");
        var startupRounds = options.GetInt("startup-rounds", 0);
        if (startupRounds > 0)
        {
            await StartupComparison.RunAsync(sides, shapes[0], startupRounds, TimeSpan.FromMilliseconds(options.GetInt("poll-ms", 10))).ConfigureAwait(false);
        }

        return ok ? 0 : 1;
    }

    /// <summary>
    /// Ours (as built: its own runtime settings), the reference and the floor. The naive receiver runs as a user's
    /// minimal-API project would, with the Web SDK's default Server GC (this tool itself runs with workstation GC);
    /// the floor runs with the same GC mode as ours, so that ours / floor is the cost of the work alone.
    /// </summary>
    private static List<ReceiverSide> Sides(LoadOptions options)
    {
        var self = typeof(Comparison).Assembly.Location;
        var receiver = options.Get("receiver");
        var sides = new List<ReceiverSide> { new("ours", ReceiverSide.CommandFor(receiver), new Dictionary<string, string>()) };
        sides.Add(options.TryGet("against") is { } other
            ? new ReceiverSide(options.TryGet("against-name") ?? "against", ReceiverSide.CommandFor(other), new Dictionary<string, string>())
            : new ReceiverSide("naive", $"exec dotnet \"{self}\" serve-naive --key {SideProcess.Key}", new Dictionary<string, string> { ["DOTNET_gcServer"] = "1" }));
        if (options.TryGet("floor") != "off")
        {
            sides.Add(new ReceiverSide("floor", $"exec dotnet \"{self}\" serve-floor", FloorGc(receiver)));
        }

        return sides;
    }

    /// <summary>The GC mode of ours as the environment that gives the floor the same: its runtimeconfig.json's
    /// <c>System.GC.Server</c> when it has one (a DLL); otherwise (a native build) the Web SDK's default, Server GC.</summary>
    private static Dictionary<string, string> FloorGc(string receiver)
    {
        var config = Path.ChangeExtension(Path.GetFullPath(receiver), ".runtimeconfig.json");
        var server = !File.Exists(config) || File.ReadAllText(config).Replace(" ", "", StringComparison.Ordinal).Contains("\"System.GC.Server\":true", StringComparison.Ordinal);
        return new Dictionary<string, string> { ["DOTNET_gcServer"] = server ? "1" : "0" };
    }

    private static async Task<ComparisonRun> MeasureAsync(ReceiverSide side, IReadOnlyList<Deliveries.Delivery> deliveries, LoadOptions options)
    {
        await using var process = SideProcess.Start(side);
        var startup = await process.WaitForFirst200Async(deliveries[0], TimeSpan.FromMilliseconds(10)).ConfigureAwait(false);
        var idle = ProcessStats.StatusKiB(process.Id, "VmRSS");
        var result = await LoadDriver.RunAsync(process.Firehose, SideProcess.Key, deliveries, options, process.Id).ConfigureAwait(false);
        return new ComparisonRun(result, startup, idle);
    }
}
