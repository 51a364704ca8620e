using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Net.Sockets;

namespace FirehoseAuth.LoadTest;

/// <summary>
/// Runs the same load against the FirehoseReceiver sample and the naive receiver, each a child process on a free
/// loopback port writing its NDJSON to /dev/null, and prints both results and their ratio. Fails when any delivery
/// is not answered 200 or the receiver's RSS grows by more than <c>--max-rss-growth</c> percent after warm-up.
/// </summary>
internal static class Comparison
{
    private const string Key = "load-test-key-not-a-secret";

    public static async Task<int> RunAsync(LoadOptions options)
    {
        var receiver = Path.GetFullPath(options.Get("receiver"));
        var maxGrowth = options.GetInt("max-rss-growth", 25);
        var self = typeof(Comparison).Assembly.Location;

        var ours = await MeasureAsync($"\"{receiver}\"", options, withPid: true).ConfigureAwait(false);
        Console.WriteLine($"FirehoseReceiver: {ours}");
        var naive = await MeasureAsync($"\"{self}\" serve-naive --key {Key}", options, withPid: false).ConfigureAwait(false);
        Console.WriteLine($"naive receiver:   {naive}");
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"ratio FirehoseReceiver/naive: {ours.RequestsPerSecond / Math.Max(naive.RequestsPerSecond, 1e-9):F2}x requests per second"));

        var ok = true;
        if (ours.Failed > 0 || naive.Failed > 0)
        {
            Console.WriteLine("FAIL: some deliveries were not answered 200");
            ok = false;
        }

        if (ours.RssGrowthPercent > maxGrowth)
        {
            Console.WriteLine($"FAIL: FirehoseReceiver RSS grew {ours.RssGrowthPercent:F1}% after warm-up (limit {maxGrowth}%)");
            ok = false;
        }

        return ok ? 0 : 1;
    }

    private static async Task<LoadResult> MeasureAsync(string dotnetArguments, LoadOptions options, bool withPid)
    {
        var port = FreePort();
        var url = $"http://127.0.0.1:{port}";
        var start = new ProcessStartInfo("bash", ["-c", $"exec dotnet {dotnetArguments} --urls {url} >/dev/null"])
        {
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        start.Environment["FirehoseAuth__AccessKey"] = Key;
        start.Environment["Logging__LogLevel__Default"] = "Warning";
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
            await WaitUntilServingAsync(new Uri($"{url}/healthz")).ConfigureAwait(false);
            return await LoadDriver.RunAsync(new Uri($"{url}/firehose"), Key, options, withPid ? process.Id : null).ConfigureAwait(false);
        }
        finally
        {
            process.Kill(entireProcessTree: true);
            await process.WaitForExitAsync().ConfigureAwait(false);
        }
    }

    private static async Task WaitUntilServingAsync(Uri health)
    {
        using var client = new HttpClient { Timeout = TimeSpan.FromSeconds(2) };
        var deadline = Stopwatch.StartNew();
        while (deadline.Elapsed < TimeSpan.FromSeconds(60))
        {
            try
            {
                using var response = await client.GetAsync(health).ConfigureAwait(false);
                if (response.StatusCode is HttpStatusCode.OK or HttpStatusCode.ServiceUnavailable)
                {
                    return;
                }
            }
            catch (HttpRequestException)
            {
            }
            catch (TaskCanceledException)
            {
            }

            await Task.Delay(200).ConfigureAwait(false);
        }

        throw new TimeoutException($"{health} did not answer within 60 s");
    }

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}
