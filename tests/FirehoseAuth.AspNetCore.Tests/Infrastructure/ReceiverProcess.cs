using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using System.Threading.Channels;
using FirehoseAuth.Tests;

namespace FirehoseAuth.AspNetCore.Tests.Infrastructure;

/// <summary>
/// The built FirehoseReceiver sample running as a child process on a free loopback port; its standard output lines
/// are collected as they arrive. The JIT build next to the tests runs under <c>dotnet</c>, unless
/// <c>FIREHOSE_RECEIVER_EXECUTABLE</c> names another build (the Native AOT binary, in CI), which runs as it is.
/// </summary>
public sealed class ReceiverProcess : IAsyncDisposable
{
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(60);
    private readonly Process _process;
    private readonly Channel<string> _stdout = Channel.CreateUnbounded<string>();
    private readonly List<string> _stderr = [];

    private ReceiverProcess(Process process, Uri baseAddress)
    {
        _process = process;
        BaseAddress = baseAddress;
    }

    public Uri BaseAddress { get; }

    public static string RepositoryRoot { get; } = TestData.RepositoryRoot ?? throw new InvalidOperationException("FirehoseAuth.sln not found above " + AppContext.BaseDirectory);

    public static string SampleFolder => Path.Combine(RepositoryRoot, "samples", "FirehoseReceiver");

    public string StandardError
    {
        get
        {
            lock (_stderr)
            {
                return string.Join('\n', _stderr);
            }
        }
    }

    /// <summary>The environment variable that names a receiver executable to run instead of the JIT build.</summary>
    public const string ExecutableVariable = "FIREHOSE_RECEIVER_EXECUTABLE";

    public static async Task<ReceiverProcess> StartAsync(IReadOnlyDictionary<string, string>? environment = null)
    {
        var baseAddress = new Uri($"http://127.0.0.1:{FreePort()}");
        var start = StartInfo(baseAddress, environment, []);
        var process = Process.Start(start) ?? throw new InvalidOperationException("could not start FirehoseReceiver");
        var receiver = new ReceiverProcess(process, baseAddress);
        process.OutputDataReceived += (_, e) =>
        {
            if (e.Data is not null)
            {
                receiver._stdout.Writer.TryWrite(e.Data);
            }
        };
        process.ErrorDataReceived += (_, e) =>
        {
            if (e.Data is not null)
            {
                lock (receiver._stderr)
                {
                    receiver._stderr.Add(e.Data);
                }
            }
        };
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        await receiver.WaitUntilServingAsync();
        return receiver;
    }

    /// <summary>
    /// Runs the receiver until it exits by itself (a start-up error), and returns its exit code and standard error;
    /// a receiver still running after the patience is killed and the test fails.
    /// </summary>
    public static async Task<(int ExitCode, string StandardError)> RunUntilExitAsync(IReadOnlyDictionary<string, string> environment, params string[] arguments)
    {
        var start = StartInfo(new Uri($"http://127.0.0.1:{FreePort()}"), environment, arguments);
        using var process = Process.Start(start) ?? throw new InvalidOperationException("could not start FirehoseReceiver");
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        using var timeout = new CancellationTokenSource(Patience);
        try
        {
            await process.WaitForExitAsync(timeout.Token);
        }
        catch (OperationCanceledException)
        {
            process.Kill(entireProcessTree: true);
            Assert.Fail($"FirehoseReceiver was still running after {Patience}: {await stderr}");
        }

        await stdout;
        return (process.ExitCode, await stderr);
    }

    private static ProcessStartInfo StartInfo(Uri baseAddress, IReadOnlyDictionary<string, string>? environment, string[] arguments)
    {
        // FIREHOSE_RECEIVER_EXECUTABLE runs another build (the Native AOT binary); else the JIT build beside the tests.
        var executable = Environment.GetEnvironmentVariable(ExecutableVariable);
        ProcessStartInfo start;
        if (string.IsNullOrEmpty(executable))
        {
            // The test assembly's configuration (Debug/Release) is the one the referenced sample was built with.
            var configuration = new DirectoryInfo(AppContext.BaseDirectory).Parent!.Name;
            var dll = Path.Combine(SampleFolder, "bin", configuration, "net10.0", "FirehoseReceiver.dll");
            Assert.True(File.Exists(dll), $"{dll} was not built");
            start = new ProcessStartInfo("dotnet") { WorkingDirectory = Path.GetDirectoryName(dll)! };
            start.ArgumentList.Add(dll);
        }
        else
        {
            Assert.True(File.Exists(executable), $"{ExecutableVariable}={executable} does not exist");
            start = new ProcessStartInfo(Path.GetFullPath(executable)) { WorkingDirectory = Path.GetDirectoryName(Path.GetFullPath(executable))! };
        }

        start.RedirectStandardOutput = true;
        start.RedirectStandardError = true;
        start.UseShellExecute = false;
        start.ArgumentList.Add("--urls");
        start.ArgumentList.Add(baseAddress.ToString().TrimEnd('/'));
        foreach (var argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }

        foreach (var (name, value) in environment ?? new Dictionary<string, string>())
        {
            start.Environment[name] = value;
        }

        return start;
    }

    /// <summary>
    /// Returns the next <paramref name="count"/> standard-output lines. Lines the receiver flushed before it answered
    /// are already in the pipe; this only waits for this process's reader thread to take them out (bounded).
    /// </summary>
    public async Task<List<string>> ReadLinesAsync(int count)
    {
        using var timeout = new CancellationTokenSource(Patience);
        var lines = new List<string>();
        while (lines.Count < count)
        {
            lines.Add(await _stdout.Reader.ReadAsync(timeout.Token));
        }

        return lines;
    }

    /// <summary>Returns the standard-output lines already received, without waiting.</summary>
    public List<string> DrainLines()
    {
        var lines = new List<string>();
        while (_stdout.Reader.TryRead(out var line))
        {
            lines.Add(line);
        }

        return lines;
    }

    private async Task WaitUntilServingAsync()
    {
        using var client = new HttpClient { Timeout = TimeSpan.FromSeconds(5) };
        var deadline = Stopwatch.StartNew();
        while (true)
        {
            Assert.False(_process.HasExited, $"FirehoseReceiver exited with {(_process.HasExited ? _process.ExitCode : 0)}: {StandardError}");
            try
            {
                using var response = await client.GetAsync(new Uri(BaseAddress, "/healthz"));
                return;
            }
            catch (HttpRequestException) when (deadline.Elapsed < Patience)
            {
                await Task.Delay(100);
            }
        }
    }

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }

    public async ValueTask DisposeAsync()
    {
        if (!_process.HasExited)
        {
            _process.Kill(entireProcessTree: true);
        }

        await _process.WaitForExitAsync();
        _process.Dispose();
    }
}
