using System.Collections.Concurrent;
using System.Diagnostics;
using System.Globalization;
using System.Text;
using System.Text.RegularExpressions;
using FirehoseAuth.Redis.Tests;

namespace FirehoseAuth.LoadTest;

/// <summary>
/// Two FirehoseReceiver processes (two instances behind a load balancer) deduplicating on one redis-server child, all
/// on loopback. Each of <c>--ids</c> distinct request ids is sent to both receivers at once (a first attempt and
/// Firehose's retry after a timeout, racing), each attempt retried on the other receiver until it is answered 200
/// (Firehose retries every non-200), then sent once more to either (a retry after a lost 200). Afterwards the NDJSON
/// lines on both receivers' standard output are counted per request id: one line per handler run (one record per
/// delivery). Fails on any duplicate handler run, any id whose handler never ran (lost) or never answered 200.
/// </summary>
internal static partial class DedupeRun
{
    private const int MaxAttempts = 400;

    public static async Task<int> RunAsync(LoadOptions options)
    {
        var receiver = ReceiverSide.CommandFor(options.Get("receiver"));
        var ids = options.GetInt("ids", 2000);
        var concurrency = options.GetInt("concurrency", 16);
        var directory = Directory.CreateTempSubdirectory("firehoseauth-dedupe-load-");
        using var redis = new RedisServer();
        var receivers = new List<(SideProcess Process, string Output)>();
        try
        {
            for (var i = 0; i < 2; i++)
            {
                receivers.Add(await StartReceiverAsync(receiver, i, redis.Port, Path.Combine(directory.FullName, $"receiver{i}.ndjson")).ConfigureAwait(false));
            }

            var urls = receivers.Select(r => r.Process.Firehose).ToArray();
            await WarmUpAsync(urls).ConfigureAwait(false);
            var run = await DriveAsync(urls, ids, concurrency).ConfigureAwait(false);
            await StopAllAsync(receivers).ConfigureAwait(false);
            var runs = CountHandlerRuns(receivers.Select(r => r.Output));
            return Report(run, runs, ids, concurrency, redis.Port);
        }
        finally
        {
            await StopAllAsync(receivers).ConfigureAwait(false);
            directory.Delete(recursive: true);
        }
    }

    private sealed record Drive(ConcurrentBag<string> Ids, ConcurrentBag<string> Unanswered, ConcurrentDictionary<int, long> Statuses, List<double> LatenciesMs, TimeSpan Elapsed);

    private static async Task<(SideProcess, string)> StartReceiverAsync(string command, int index, int redisPort, string output)
    {
        var side = new ReceiverSide($"receiver {index}", command, new Dictionary<string, string>
        {
            ["FirehoseAuth__Deduplication__Store"] = "Redis",
            ["FirehoseAuth__Deduplication__Redis__Configuration"] = $"127.0.0.1:{redisPort}",
        });
        var process = SideProcess.Start(side, output);
        await process.WaitForFirst200Async(OneRecord("warm-up-" + Guid.NewGuid()), TimeSpan.FromMilliseconds(10)).ConfigureAwait(false);
        return (process, output);
    }

    // Both receivers' Redis connections come up on their first claims; a claim that times out meanwhile runs the
    // handler anyway (at least once, as it should), which is not what this run measures.
    private static async Task WarmUpAsync(Uri[] urls)
    {
        using var client = NewClient(urls.Length);
        for (var i = 0; i < 50; i++)
        {
            var delivery = OneRecord("warm-up-" + Guid.NewGuid());
            foreach (var url in urls)
            {
                await LoadDriver.SendAsync(client, url, SideProcess.Key, delivery).ConfigureAwait(false);
            }
        }
    }

    private static async Task<Drive> DriveAsync(Uri[] urls, int ids, int concurrency)
    {
        using var client = NewClient(concurrency * 2);
        var drive = new Drive([], [], new ConcurrentDictionary<int, long>(), [], TimeSpan.Zero);
        var latencies = new ConcurrentBag<double>();
        var clock = Stopwatch.StartNew();
        await Parallel.ForEachAsync(Enumerable.Range(0, ids), new ParallelOptions { MaxDegreeOfParallelism = concurrency }, async (n, _) =>
        {
            var delivery = OneRecord(Guid.NewGuid().ToString());
            drive.Ids.Add(delivery.RequestId);
            var answered = await Task.WhenAll(
                UntilOkAsync(client, urls, first: 0, delivery, drive.Statuses, latencies),
                UntilOkAsync(client, urls, first: 1, delivery, drive.Statuses, latencies)).ConfigureAwait(false);

            // One more retry after the 200 (as if the answer had been lost): answered 200 without the handler.
            var late = await UntilOkAsync(client, urls, first: n % 2, delivery, drive.Statuses, latencies).ConfigureAwait(false);
            if (!answered.All(ok => ok) || !late)
            {
                drive.Unanswered.Add(delivery.RequestId);
            }
        }).ConfigureAwait(false);
        drive.LatenciesMs.AddRange(latencies.Order());
        return drive with { Elapsed = clock.Elapsed };
    }

    // Sends to one receiver, then after each non-200 backs off and retries on the other, as Firehose's retries land.
    private static async Task<bool> UntilOkAsync(HttpClient client, Uri[] urls, int first, Deliveries.Delivery delivery, ConcurrentDictionary<int, long> statuses, ConcurrentBag<double> latencies)
    {
        for (var attempt = 0; attempt < MaxAttempts; attempt++)
        {
            var started = Stopwatch.GetTimestamp();
            var status = await LoadDriver.SendAsync(client, urls[(first + attempt) % urls.Length], SideProcess.Key, delivery).ConfigureAwait(false);
            latencies.Add(Stopwatch.GetElapsedTime(started).TotalMilliseconds);
            statuses.AddOrUpdate(status, 1, static (_, count) => count + 1);
            if (status == 200)
            {
                return true;
            }

            await Task.Delay(Math.Min(5 * (attempt + 1), 50)).ConfigureAwait(false);
        }

        return false;
    }

    private static Dictionary<string, int> CountHandlerRuns(IEnumerable<string> outputs)
    {
        var runs = new Dictionary<string, int>(StringComparer.Ordinal);
        foreach (var line in outputs.SelectMany(File.ReadLines))
        {
            if (RequestIdPattern().Match(line) is { Success: true } match)
            {
                runs[match.Groups[1].Value] = runs.GetValueOrDefault(match.Groups[1].Value) + 1;
            }
        }

        return runs;
    }

    private static int Report(Drive drive, Dictionary<string, int> runs, int ids, int concurrency, int redisPort)
    {
        var duplicates = drive.Ids.Sum(id => Math.Max(0, runs.GetValueOrDefault(id) - 1));
        var lost = drive.Ids.Count(id => runs.GetValueOrDefault(id) == 0);
        var attempts = drive.Statuses.Values.Sum();
        var p50 = Percentile(drive.LatenciesMs, 0.50);
        var p99 = Percentile(drive.LatenciesMs, 0.99);
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"dedupe: 2 FirehoseReceiver processes on one redis-server (127.0.0.1:{redisPort}), {ids} request ids, {concurrency} ids in flight, each sent to both at once, retried on the other until 200, then retried once more"));
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"deliveries {drive.Ids.Count}, attempts {attempts} ({string.Join(", ", drive.Statuses.OrderBy(s => s.Key).Select(s => $"{s.Key}: {s.Value}"))}) in {drive.Elapsed.TotalSeconds:F1}s"));
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"handler runs {drive.Ids.Sum(id => runs.GetValueOrDefault(id))}, duplicates {duplicates}, lost {lost}, never answered 200 {drive.Unanswered.Count}"));
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"latency per attempt: p50 {p50:F2} ms, p99 {p99:F2} ms"));
        var ok = duplicates == 0 && lost == 0 && drive.Unanswered.IsEmpty;
        Console.WriteLine(ok ? "OK" : "FAIL: a retried delivery ran the handler twice, or a delivery was lost or never answered 200");
        return ok ? 0 : 1;
    }

    private static double Percentile(List<double> sorted, double p) => sorted.Count == 0 ? 0 : sorted[Math.Min(sorted.Count - 1, (int)(p * sorted.Count))];

    private static HttpClient NewClient(int connections)
        => new(new SocketsHttpHandler { MaxConnectionsPerServer = connections, UseProxy = false }) { Timeout = TimeSpan.FromSeconds(30) };

    private static Deliveries.Delivery OneRecord(string requestId)
    {
        var data = Convert.ToBase64String(Encoding.UTF8.GetBytes($"{{\"msg\":\"dedupe {requestId}\"}}"));
        return new Deliveries.Delivery(requestId, Encoding.UTF8.GetBytes($"{{\"requestId\":\"{requestId}\",\"timestamp\":1764331200000,\"records\":[{{\"data\":\"{data}\"}}]}}"), Gzip: false, Records: 1);
    }

    private static async Task StopAllAsync(List<(SideProcess Process, string Output)> receivers)
    {
        foreach (var (process, _) in receivers)
        {
            await process.DisposeAsync().ConfigureAwait(false);
        }
    }

    [GeneratedRegex("^\\{\"requestId\":\"([^\"]+)\"")]
    private static partial Regex RequestIdPattern();
}
