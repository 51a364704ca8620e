using System.Globalization;
using System.Net;
using System.Net.Sockets;
using System.Text;

namespace FirehoseAuth.Testing.Tests.Infrastructure;

/// <summary>
/// A deliberately broken receiver on 127.0.0.1 (raw <see cref="TcpListener"/>, port 0): it reads each request whole
/// and writes back exactly the bytes <c>answer(requestId)</c> returns, then closes the connection.
/// </summary>
public sealed class CannedReceiver : IAsyncDisposable
{
    private readonly TcpListener _listener = new(IPAddress.Loopback, 0);
    private readonly Func<string, string> _answer;
    private readonly CancellationTokenSource _stop = new();
    private readonly Task _loop;

    public CannedReceiver(Func<string, string> answer)
    {
        _answer = answer;
        _listener.Start();
        Url = new Uri($"http://127.0.0.1:{((IPEndPoint)_listener.LocalEndpoint).Port}/firehose");
        _loop = AcceptAsync();
    }

    public Uri Url { get; }

    public int Requests { get; private set; }

    public static string Now => DateTimeOffset.UtcNow.ToUnixTimeMilliseconds().ToString(CultureInfo.InvariantCulture);

    /// <summary>An HTTP/1.1 response with a correct Content-Length unless the headers say otherwise.</summary>
    public static string Response(int status, string headers, string body) =>
        $"HTTP/1.1 {status} X\r\n{headers}{(headers.Contains("Content-Length", StringComparison.Ordinal) || headers.Contains("chunked", StringComparison.Ordinal) ? "" : $"Content-Length: {Encoding.UTF8.GetByteCount(body)}\r\n")}Connection: close\r\n\r\n{body}";

    public static string Json(string requestId, string timestamp) => $"{{\"requestId\":\"{requestId}\",\"timestamp\":{timestamp}}}";

    private async Task AcceptAsync()
    {
        while (!_stop.IsCancellationRequested)
        {
            using var client = await _listener.AcceptTcpClientAsync(_stop.Token);
            var stream = client.GetStream();
            var head = new MemoryStream();
            var buffer = new byte[64 * 1024];
            int end;
            while ((end = head.GetBuffer().AsSpan(0, (int)head.Length).IndexOf("\r\n\r\n"u8)) < 0)
            {
                var read = await stream.ReadAsync(buffer, _stop.Token);
                if (read == 0)
                {
                    break;
                }

                head.Write(buffer, 0, read);
            }

            if (end < 0)
            {
                continue;
            }

            var text = Encoding.Latin1.GetString(head.GetBuffer(), 0, end);
            var length = Header(text, "Content-Length") is { } l ? long.Parse(l, CultureInfo.InvariantCulture) : 0;
            var remaining = length - (head.Length - end - 4);
            while (remaining > 0)
            {
                var read = await stream.ReadAsync(buffer.AsMemory(0, (int)Math.Min(buffer.Length, remaining)), _stop.Token);
                if (read == 0)
                {
                    break;
                }

                remaining -= read;
            }

            Requests++;
            await stream.WriteAsync(Encoding.UTF8.GetBytes(_answer(Header(text, "X-Amz-Firehose-Request-Id") ?? "")), _stop.Token);
            client.Client.Shutdown(SocketShutdown.Send);
        }
    }

    private static string? Header(string head, string name) =>
        head.Split("\r\n").Skip(1).Select(l => l.Split(':', 2)).Where(p => p.Length == 2 && p[0].Trim().Equals(name, StringComparison.OrdinalIgnoreCase)).Select(p => p[1].Trim()).FirstOrDefault();

    public async ValueTask DisposeAsync()
    {
        await _stop.CancelAsync();
        _listener.Stop();
        try
        {
            await _loop;
        }
        catch (OperationCanceledException)
        {
        }
        catch (SocketException)
        {
        }

        _stop.Dispose();
    }
}
