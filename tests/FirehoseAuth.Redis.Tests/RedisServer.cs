using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Net.Sockets;
using System.Text;

namespace FirehoseAuth.Redis.Tests;

/// <summary>
/// A real <c>redis-server</c> child on a free loopback port with a temporary directory and no persistence, started
/// here and stopped by its own process id. Fails (never skips) when <c>redis-server</c> is not installed.
/// </summary>
public sealed class RedisServer : IDisposable
{
    private static readonly TimeSpan StartTimeout = TimeSpan.FromSeconds(15);

    private readonly string _executable;
    private readonly DirectoryInfo _directory;
    private Process? _process;

    public RedisServer()
    {
        _executable = FindOnPath("redis-server") ?? throw new InvalidOperationException(
            "redis-server is not on PATH. The Redis tests run a real server: install it with `apt-get install -y redis-server`.");
        _directory = Directory.CreateTempSubdirectory("firehoseauth-redis-");
        Port = FreePort();
        Start();
    }

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
                process.Kill();
                process.WaitForExit();
            }
        }
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

    private void Start()
    {
        var start = new ProcessStartInfo(_executable)
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (var argument in new[] { "--port", Port.ToString(CultureInfo.InvariantCulture), "--bind", "127.0.0.1", "--save", string.Empty, "--appendonly", "no", "--dir", _directory.FullName })
        {
            start.ArgumentList.Add(argument);
        }

        var output = new StringBuilder();
        var process = Process.Start(start) ?? throw new InvalidOperationException("redis-server did not start.");
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

                throw new InvalidOperationException($"redis-server on port {Port} did not answer PING within {StartTimeout.TotalSeconds} s:\n{log}");
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
