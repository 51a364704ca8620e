using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Net.Sockets;
using System.Text;

namespace FirehoseAuth.Redis.Tests;

/// <summary>
/// A real Redis-protocol server child on a free loopback port with a temporary directory and no persistence, started
/// here and stopped by its own process id (with its children): <c>redis-server</c> when it is on PATH (CI installs
/// it), else Microsoft's Garnet from the repository's local tool manifest (<c>garnet-server</c>, restored from NuGet
/// on first use), so that the README's test command needs only the .NET SDK. <c>FIREHOSEAUTH_TEST_REDIS=garnet</c>
/// picks Garnet even where <c>redis-server</c> is installed.
/// </summary>
public sealed class RedisServer : IDisposable
{
    private static readonly TimeSpan StartTimeout = TimeSpan.FromSeconds(30);
    private static readonly Lazy<string> ToolsRestored = new(RestoreTools);

    private readonly string? _redisServer;
    private readonly DirectoryInfo _directory;
    private Process? _process;

    public RedisServer()
    {
        _redisServer = Environment.GetEnvironmentVariable("FIREHOSEAUTH_TEST_REDIS") == "garnet" ? null : FindOnPath("redis-server");
        _directory = Directory.CreateTempSubdirectory("firehoseauth-redis-");
        Port = FreePort();
        Start();
    }

    /// <summary>Gets the server's name: <c>redis-server</c> or <c>garnet-server</c>.</summary>
    public string Name => _redisServer is null ? "garnet-server" : "redis-server";

    /// <summary>Gets the loopback port the server listens on (the same across <see cref="Restart"/>).</summary>
    public int Port { get; }

    /// <summary>
    /// Gets a connection string with short timeouts (1 s), so that calls to a stopped server fail promptly, and
    /// <c>allowAdmin</c> for the tests' own inspection connection.
    /// </summary>
    public string ConnectionString => string.Create(CultureInfo.InvariantCulture, $"127.0.0.1:{Port},connectTimeout=1000,syncTimeout=1000,asyncTimeout=1000,abortConnect=false,allowAdmin=true");

    /// <summary>Stops the server (kills its process) and waits for it to exit.</summary>
    public void Stop()
    {
        var process = _process;
        _process = null;
        if (process is null)
        {
            return;
        }

        using (process)
        {
            if (!process.HasExited)
            {
                process.Kill(entireProcessTree: true);
                process.WaitForExit();
            }
        }
    }

    /// <summary>
    /// Freezes the server's processes (SIGSTOP) for <paramref name="duration"/>, then lets them go on (SIGCONT): every
    /// command sent meanwhile waits in the socket and runs late, as on a stalled or overloaded store. Returns at once.
    /// </summary>
    public void Pause(TimeSpan duration)
    {
        var processes = ProcessTree(_process?.Id ?? throw new InvalidOperationException("The server is stopped."));
        Signal(processes, SigStop);
        _ = Task.Delay(duration).ContinueWith(_ => Signal(processes, SigCont), TaskScheduler.Default);
    }

    /// <summary>Starts the server again on the same port, empty (it persists nothing).</summary>
    public void Restart()
    {
        Stop();
        Start();
    }

    public void Dispose()
    {
        Stop();
        try
        {
            _directory.Delete(recursive: true);
        }
        catch (IOException)
        {
            // Left for the OS to clean; the directory is in the temporary folder.
        }
    }

    private const int SigCont = 18;
    private const int SigStop = 19;

    [System.Runtime.InteropServices.DllImport("libc", SetLastError = true)]
    private static extern int kill(int pid, int sig);

    private static void Signal(List<int> processes, int signal)
    {
        foreach (var id in processes)
        {
            _ = kill(id, signal);
        }
    }

    // The process and its descendants (`dotnet tool run garnet-server` runs the server as a child), from /proc.
    private static List<int> ProcessTree(int root)
    {
        var tree = new List<int> { root };
        for (var i = 0; i < tree.Count; i++)
        {
            var children = $"/proc/{tree[i]}/task/{tree[i]}/children";
            if (File.Exists(children))
            {
                tree.AddRange(File.ReadAllText(children).Split(' ', StringSplitOptions.RemoveEmptyEntries).Select(c => int.Parse(c, CultureInfo.InvariantCulture)));
            }
        }

        return tree;
    }

    private static string? FindOnPath(string name)
    {
        foreach (var folder in (Environment.GetEnvironmentVariable("PATH") ?? string.Empty).Split(Path.PathSeparator, StringSplitOptions.RemoveEmptyEntries))
        {
            var candidate = Path.Combine(folder, name);
            if (File.Exists(candidate))
            {
                return candidate;
            }
        }

        return null;
    }

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }

    // `dotnet tool restore` once per test run, in the repository root (where dotnet-tools.json pins garnet-server).
    private static string RestoreTools()
    {
        var root = new DirectoryInfo(AppContext.BaseDirectory);
        while (root is not null && !File.Exists(Path.Combine(root.FullName, "dotnet-tools.json")))
        {
            root = root.Parent;
        }

        if (root is null)
        {
            throw new InvalidOperationException("Neither redis-server on PATH nor the repository's dotnet-tools.json (for garnet-server) was found: install redis-server (`apt-get install -y redis-server`).");
        }

        using var restore = Process.Start(new ProcessStartInfo("dotnet", ["tool", "restore"]) { WorkingDirectory = root.FullName, RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false })
            ?? throw new InvalidOperationException("dotnet tool restore did not start.");
        var log = restore.StandardOutput.ReadToEndAsync();
        var errors = restore.StandardError.ReadToEnd();
        restore.WaitForExit();
        if (restore.ExitCode != 0)
        {
            throw new InvalidOperationException($"redis-server is not on PATH, and `dotnet tool restore` (for garnet-server) failed in {root.FullName}: {log.Result}{errors} Install redis-server (`apt-get install -y redis-server`) or let the restore reach NuGet.");
        }

        return root.FullName;
    }

    private ProcessStartInfo StartInfo()
    {
        var port = Port.ToString(CultureInfo.InvariantCulture);
        var (file, arguments, directory) = _redisServer is { } redis
            ? (redis, new[] { "--port", port, "--bind", "127.0.0.1", "--save", string.Empty, "--appendonly", "no", "--dir", _directory.FullName }, _directory.FullName)
            : ("dotnet", ["tool", "run", "garnet-server", "--", "--port", port, "--bind", "127.0.0.1", "--lua", "--memory", "64m", "--index", "1m", "--checkpointdir", _directory.FullName], ToolsRestored.Value);
        var start = new ProcessStartInfo(file)
        {
            WorkingDirectory = directory,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (var argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }

        return start;
    }

    private void Start()
    {
        var output = new StringBuilder();
        var process = Process.Start(StartInfo()) ?? throw new InvalidOperationException($"{Name} did not start.");
        process.OutputDataReceived += (_, e) => { lock (output) { output.AppendLine(e.Data); } };
        process.ErrorDataReceived += (_, e) => { lock (output) { output.AppendLine(e.Data); } };
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        _process = process;

        var deadline = Stopwatch.StartNew();
        while (!AnswersPing())
        {
            if (process.HasExited || deadline.Elapsed > StartTimeout)
            {
                Stop();
                string log;
                lock (output)
                {
                    log = output.ToString();
                }

                throw new InvalidOperationException($"{Name} on port {Port} did not answer PING within {StartTimeout.TotalSeconds} s:\n{log}");
            }

            Thread.Sleep(20);
        }
    }

    private bool AnswersPing()
    {
        try
        {
            using var client = new TcpClient();
            client.Connect(IPAddress.Loopback, Port);
            using var stream = client.GetStream();
            stream.ReadTimeout = 1000;
            stream.Write("PING\r\n"u8);
            var buffer = new byte[16];
            var read = stream.Read(buffer);
            return buffer.AsSpan(0, read).StartsWith("+PONG"u8);
        }
        catch (Exception e) when (e is SocketException or IOException)
        {
            return false;
        }
    }
}
