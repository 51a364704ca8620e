using System.Diagnostics;
using System.Net;
using System.Net.Sockets;

namespace FirehoseAuth.LoadTest;

/// <summary>
/// A fresh process of one side on a free loopback port, its standard output to /dev/null (or a file) and its standard
/// error echoed; disposing kills it. <see cref="WaitForFirst200Async"/> gives the process's start to its first 200.
/// </summary>
internal sealed class SideProcess : IAsyncDisposable
{
    public const string Key = "load-test-key-not-a-secret";

    private readonly Process _process;
    private readonly Stopwatch _started;
    private bool _disposed;

    private SideProcess(ReceiverSide side, string output)
    {
        var url = $"http://127.0.0.1:{FreePort()}";
        Firehose = new Uri($"{url}/firehose");
        var start = new ProcessStartInfo("bash", ["-c", $"{side.Command} --urls {url} >\"{output}\""])
        {
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        start.Environment["FirehoseAuth__AccessKey"] = Key;
        start.Environment["Logging__LogLevel__Default"] = "Warning";
        foreach (var (name, value) in side.Environment)
        {
            start.Environment[name] = value;
        }

        _started = Stopwatch.StartNew();
        _process = Process.Start(start) ?? throw new InvalidOperationException($"could not start {side.Name}");
        _process.ErrorDataReceived += (_, e) =>
        {
            if (e.Data is not null)
            {
                Console.Error.WriteLine($"[{side.Name}] {e.Data}");
            }
        };
        _process.BeginErrorReadLine();
    }

    public Uri Firehose { get; }

    public int Id => _process.Id;

    /// <summary>Starts <paramref name="side"/>, its standard output to <paramref name="output"/> (a file path).</summary>
    public static SideProcess Start(ReceiverSide side, string output = "/dev/null") => new(side, output);

    /// <summary>
    /// Sends <paramref name="delivery"/> every <paramref name="poll"/> until it is answered 200; returns the time from
    /// the process's start (the poll's granularity is part of the figure).
    /// </summary>
    public async Task<TimeSpan> WaitForFirst200Async(Deliveries.Delivery delivery, TimeSpan poll)
    {
        using var client = new HttpClient { Timeout = TimeSpan.FromSeconds(10) };
        while (_started.Elapsed < TimeSpan.FromSeconds(60))
        {
            try
            {
                if (await LoadDriver.SendAsync(client, Firehose, Key, delivery).ConfigureAwait(false) == (int)HttpStatusCode.OK)
                {
                    return _started.Elapsed;
                }
            }
            catch (TaskCanceledException)
            {
            }

            await Task.Delay(poll).ConfigureAwait(false);
        }

        throw new TimeoutException($"{Firehose} did not answer 200 within 60 s");
    }

    /// <summary>Kills the process and waits for it to exit (its output is then complete); idempotent.</summary>
    public async ValueTask DisposeAsync()
    {
        if (_disposed)
        {
            return;
        }

        _disposed = true;
        _process.Kill(entireProcessTree: true);
        await _process.WaitForExitAsync().ConfigureAwait(false);
        _process.Dispose();
    }

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}
