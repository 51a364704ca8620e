using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Net.Sockets;

namespace FirehoseAuth.LoadTest;

/// <summary>
/// Runs the same load against the FirehoseReceiver sample and a reference receiver (the naive one, or another build of
/// the sample given by <c>--against</c>), shape by shape, a fresh process per round and side (sides alternate which
/// goes first), each writing its NDJSON to /dev/null; prints every run, then per shape the medians and their ratio.
/// Fails when any delivery is not answered 200, when the sample's RSS grows by more than <c>--max-rss-growth</c>
/// percent after warm-up, or when a shape's median req/s ratio is below <c>--min-ratio</c> (not checked by default).
/// </summary>
internal static class Comparison
{
    /// <summary>The access key every receiver of a load run is started with.</summary>
    internal const string Key = "load-test-key-not-a-secret";

    public static async Task<int> RunAsync(LoadOptions options)
    {
        var receiver = Command(options.Get("receiver"));
        var self = typeof(Comparison).Assembly.Location;
        var against = options.TryGet("against") is { } other ? Command(other) : $"exec dotnet \"{self}\" serve-naive --key {Key}";
        var againstName = options.TryGet("against") is null ? "naive" : "against";
        var rounds = options.GetInt("rounds", 3);
        var maxGrowth = options.GetInt("max-rss-growth", 25);
        var minRatio = double.Parse(options.TryGet("min-ratio") ?? "0", CultureInfo.InvariantCulture);
        var ok = true;
        var summary = new List<string>();
        foreach (var shape in (options.TryGet("shapes") ?? "a,b,c").Split(','))
        {
            var deliveries = Deliveries.Create(shape);
            var ours = new List<Run>();
            var theirs = new List<Run>();
            for (var round = 0; round < rounds; round++)
            {
                // Alternate which side goes first, so that a drift in the machine's load does not favour one side.
                foreach (var mine in round % 2 == 0 ? new[] { true, false } : [false, true])
                {
                    var run = await MeasureAsync(mine ? receiver : against, deliveries, options).ConfigureAwait(false);
                    (mine ? ours : theirs).Add(run);
                    Console.WriteLine($"shape {shape} round {round + 1} {(mine ? "FirehoseReceiver" : againstName)}: start to first 200 {run.StartToFirst200.TotalSeconds:F3}s, idle RSS {run.IdleRssKiB / 1024.0:F1} MiB; {run.Result}");
                    if (run.Result.Failed > 0)
                    {
                        Console.WriteLine("FAIL: some deliveries were not answered 200");
                        ok = false;
                    }

                    if (mine && run.Result.RssGrowthPercent > maxGrowth)
                    {
                        Console.WriteLine($"FAIL: FirehoseReceiver RSS grew {run.Result.RssGrowthPercent:F1}% after warm-up (limit {maxGrowth}%)");
                        ok = false;
                    }
                }
            }

            var ratio = Median(ours, r => r.Result.RequestsPerSecond) / Math.Max(Median(theirs, r => r.Result.RequestsPerSecond), 1e-9);
            var perRound = ours.Zip(theirs, (a, b) => a.Result.RequestsPerSecond / Math.Max(b.Result.RequestsPerSecond, 1e-9)).ToList();
            summary.Add(string.Create(CultureInfo.InvariantCulture,
                $"| {shape} | {Median(ours, r => r.Result.RequestsPerSecond):F0} | {Median(theirs, r => r.Result.RequestsPerSecond):F0} | {ratio:F2}x | {perRound.Min():F2}x | "
                + $"{Median(ours, r => r.Result.CpuMsPerDelivery):F2} / {Median(theirs, r => r.Result.CpuMsPerDelivery):F2} | "
                + $"{Median(ours, r => r.Result.PeakRssKiB) / 1024:F0} / {Median(theirs, r => r.Result.PeakRssKiB) / 1024:F0} ({Median(ours, r => r.Result.PeakRssKiB) / Math.Max(Median(theirs, r => r.Result.PeakRssKiB), 1):F2}x) | "
                + $"{Median(ours, r => r.IdleRssKiB) / 1024:F0} / {Median(theirs, r => r.IdleRssKiB) / 1024:F0} | "
                + $"{Median(ours, r => r.StartToFirst200.TotalSeconds):F3} / {Median(theirs, r => r.StartToFirst200.TotalSeconds):F3} |"));
            if (ratio < minRatio)
            {
                Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"FAIL: shape {shape}: median req/s ratio {ratio:F2}x is below --min-ratio {minRatio:F2}"));
                ok = false;
            }
        }

        Console.WriteLine();
        Console.WriteLine($"## FirehoseReceiver vs {againstName}: medians of {rounds} rounds, {options.GetInt("concurrency", 8)} connections (ours / theirs)");
        Console.WriteLine("| shape | req/s ours | req/s theirs | ratio of medians | lowest round | CPU ms/delivery | peak RSS MiB | idle RSS MiB | start to first 200 s |");
        Console.WriteLine("|---|---:|---:|---:|---:|---|---|---|---|");
        summary.ForEach(Console.WriteLine);
        return ok ? 0 : 1;
    }

    private sealed record Run(LoadResult Result, TimeSpan StartToFirst200, long IdleRssKiB);

    /// <summary>A DLL runs under <c>dotnet</c>; anything else (a native build) runs as it is.</summary>
    internal static string Command(string path)
    {
        var full = Path.GetFullPath(path);
        return full.EndsWith(".dll", StringComparison.OrdinalIgnoreCase) ? $"exec dotnet \"{full}\"" : $"exec \"{full}\"";
    }

    private static double Median(List<Run> runs, Func<Run, double> value)
    {
        var sorted = runs.Select(value).Order().ToList();
        return sorted.Count == 0 ? 0 : sorted.Count % 2 == 1 ? sorted[sorted.Count / 2] : (sorted[(sorted.Count / 2) - 1] + sorted[sorted.Count / 2]) / 2;
    }

    private static async Task<Run> MeasureAsync(string command, IReadOnlyList<Deliveries.Delivery> deliveries, LoadOptions options)
    {
        var port = FreePort();
        var url = $"http://127.0.0.1:{port}";
        var start = new ProcessStartInfo("bash", ["-c", $"{command} --urls {url} >/dev/null"])
        {
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        start.Environment["FirehoseAuth__AccessKey"] = Key;
        start.Environment["Logging__LogLevel__Default"] = "Warning";
        var started = Stopwatch.StartNew();
        using var process = Process.Start(start) ?? throw new InvalidOperationException("could not start the receiver");
        process.ErrorDataReceived += (_, e) =>
        {
            if (e.Data is not null)
            {
                Console.Error.WriteLine($"[receiver] {e.Data}");
            }
        };
        process.BeginErrorReadLine();
        try
        {
            var firehose = new Uri($"{url}/firehose");
            await WaitForFirst200Async(firehose, deliveries[0]).ConfigureAwait(false);
            var startup = started.Elapsed;
            var idle = ProcessStats.StatusKiB(process.Id, "VmRSS");
            var result = await LoadDriver.RunAsync(firehose, Key, deliveries, options, process.Id).ConfigureAwait(false);
            return new Run(result, startup, idle);
        }
        finally
        {
            process.Kill(entireProcessTree: true);
            await process.WaitForExitAsync().ConfigureAwait(false);
        }
    }

    /// <summary>Sends one delivery every 10 ms until it is answered 200 (the process's start to its first 200).</summary>
    internal static async Task WaitForFirst200Async(Uri firehose, Deliveries.Delivery delivery)
    {
        using var client = new HttpClient { Timeout = TimeSpan.FromSeconds(10) };
        var deadline = Stopwatch.StartNew();
        while (deadline.Elapsed < TimeSpan.FromSeconds(60))
        {
            try
            {
                if (await LoadDriver.SendAsync(client, firehose, Key, delivery).ConfigureAwait(false) == (int)HttpStatusCode.OK)
                {
                    return;
                }
            }
            catch (TaskCanceledException)
            {
            }

            await Task.Delay(10).ConfigureAwait(false);
        }

        throw new TimeoutException($"{firehose} did not answer 200 within 60 s");
    }

    internal static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}
