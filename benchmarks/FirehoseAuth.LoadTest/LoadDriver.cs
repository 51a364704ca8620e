using System.Diagnostics;
using System.Net;
using System.Net.Http.Headers;

namespace FirehoseAuth.LoadTest;

/// <summary>
/// Sends deliveries of one shape to one loopback URL from N concurrent workers (one connection each) for a bounded
/// time; with a process id, samples its RSS and reads its CPU time across the measured part and its peak RSS.
/// </summary>
internal static class LoadDriver
{
    public static async Task<LoadResult> RunAsync(Uri url, string key, IReadOnlyList<Deliveries.Delivery> deliveries, LoadOptions options, int? pid)
    {
        if (!IPAddress.TryParse(url.Host, out var address) || !IPAddress.IsLoopback(address))
        {
            throw new ArgumentException($"Load is only ever sent to loopback; '{url.Host}' is not a loopback address.");
        }

        var seconds = options.GetInt("seconds", 60);
        var warmup = options.GetInt("warmup", Math.Min(10, seconds / 4));
        var concurrency = options.GetInt("concurrency", 8);
        using var client = new HttpClient(new SocketsHttpHandler { MaxConnectionsPerServer = concurrency, UseProxy = false, AutomaticDecompression = DecompressionMethods.None })
        {
            Timeout = TimeSpan.FromSeconds(30),
        };

        // Warm-up (not counted), then the measured run.
        await RunWorkersAsync(client, url, key, deliveries, concurrency, TimeSpan.FromSeconds(warmup), null).ConfigureAwait(false);
        var rss = new List<long>();
        using var sampling = new CancellationTokenSource();
        var sampler = pid is { } p ? SampleRssAsync(p, rss, sampling.Token) : Task.CompletedTask;
        var cpuBefore = pid is { } before ? ProcessStats.CpuSeconds(before) : 0;
        var stopwatch = Stopwatch.StartNew();
        var counts = await RunWorkersAsync(client, url, key, deliveries, concurrency, TimeSpan.FromSeconds(seconds), new List<double>()).ConfigureAwait(false);
        stopwatch.Stop();
        var cpu = pid is { } after ? ProcessStats.CpuSeconds(after) - cpuBefore : 0;
        await sampling.CancelAsync().ConfigureAwait(false);
        await sampler.ConfigureAwait(false);
        var peak = pid is { } peakPid ? ProcessStats.StatusKiB(peakPid, "VmHWM") : 0;
        return counts with { Elapsed = stopwatch.Elapsed, RssSamples = rss, CpuSeconds = cpu, PeakRssKiB = peak };
    }

    private static async Task<LoadResult> RunWorkersAsync(HttpClient client, Uri url, string key, IReadOnlyList<Deliveries.Delivery> deliveries, int concurrency, TimeSpan duration, List<double>? latencies)
    {
        var deadline = Stopwatch.GetTimestamp() + (long)(duration.TotalSeconds * Stopwatch.Frequency);
        var ok = 0L;
        var failed = 0L;
        var records = 0L;
        var statuses = new System.Collections.Concurrent.ConcurrentDictionary<int, long>();
        var perWorker = new List<double>[concurrency];
        var workers = Enumerable.Range(0, concurrency).Select(async worker =>
        {
            var mine = perWorker[worker] = [];
            for (var i = worker; Stopwatch.GetTimestamp() < deadline; i++)
            {
                var delivery = deliveries[i % deliveries.Count];
                var started = Stopwatch.GetTimestamp();
                var status = await SendAsync(client, url, key, delivery).ConfigureAwait(false);
                mine.Add(Stopwatch.GetElapsedTime(started).TotalMilliseconds);
                statuses.AddOrUpdate(status, 1, (_, n) => n + 1);
                if (status == 200)
                {
                    Interlocked.Increment(ref ok);
                    Interlocked.Add(ref records, delivery.Records);
                }
                else
                {
                    Interlocked.Increment(ref failed);
                }
            }
        }).ToArray();
        await Task.WhenAll(workers).ConfigureAwait(false);
        if (latencies is not null)
        {
            foreach (var list in perWorker)
            {
                latencies.AddRange(list);
            }

            latencies.Sort();
        }

        return new LoadResult(ok, failed, records, new SortedDictionary<int, long>(statuses), latencies ?? [], TimeSpan.Zero, []);
    }

    /// <summary>Sends one delivery as Firehose does and returns the status (0 when the connection failed).</summary>
    public static async Task<int> SendAsync(HttpClient client, Uri url, string key, Deliveries.Delivery delivery)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, url) { Content = new ByteArrayContent(delivery.Body) };
        request.Content.Headers.ContentType = new MediaTypeHeaderValue("application/json");
        if (delivery.Gzip)
        {
            request.Content.Headers.ContentEncoding.Add("gzip");
        }

        request.Headers.Add("X-Amz-Firehose-Protocol-Version", "1.0");
        request.Headers.Add("X-Amz-Firehose-Request-Id", delivery.RequestId);
        request.Headers.Add("X-Amz-Firehose-Access-Key", key);
        request.Headers.Add("X-Amz-Firehose-Source-Arn", "arn:aws:firehose:us-east-1:123456789012:deliverystream/load");
        try
        {
            using var response = await client.SendAsync(request).ConfigureAwait(false);
            await response.Content.ReadAsByteArrayAsync().ConfigureAwait(false);
            return (int)response.StatusCode;
        }
        catch (HttpRequestException)
        {
            return 0;
        }
    }

    private static async Task SampleRssAsync(int pid, List<long> samples, CancellationToken cancellationToken)
    {
        using var timer = new PeriodicTimer(TimeSpan.FromSeconds(1));
        try
        {
            while (await timer.WaitForNextTickAsync(cancellationToken).ConfigureAwait(false))
            {
                samples.Add(ProcessStats.StatusKiB(pid, "VmRSS"));
            }
        }
        catch (OperationCanceledException)
        {
        }
    }
}
