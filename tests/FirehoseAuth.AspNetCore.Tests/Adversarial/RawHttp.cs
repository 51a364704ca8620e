using System.Net.Sockets;
using System.Text;
using FirehoseAuth.AspNetCore.Tests.Infrastructure;
using FirehoseAuth.Protocol;

namespace FirehoseAuth.AspNetCore.Tests.Adversarial;

/// <summary>
/// Requests HttpClient refuses to express (lying Content-Length, CR/LF inside header values, obs-fold, stalls), written
/// byte for byte to a loopback socket, and the HTTP/1.1 responses read back.
/// </summary>
public sealed class RawHttp : IDisposable
{
    private readonly Socket _socket = new(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
    private readonly MemoryStream _pending = new();

    private RawHttp()
    {
    }

    public static async Task<RawHttp> ConnectAsync(Uri baseAddress)
    {
        var raw = new RawHttp();
        Assert.Equal("127.0.0.1", baseAddress.Host); // loopback only
        await raw._socket.ConnectAsync(baseAddress.Host, baseAddress.Port);
        return raw;
    }

    /// <summary>The head of a Firehose POST with every header (valid key), then <paramref name="extraHeaders"/> (raw lines, each ending CRLF) and an empty line.</summary>
    public static byte[] Head(string requestId, string extraHeaders, string key = Deliveries.Key)
        => Encoding.Latin1.GetBytes(
            $"POST {FirehoseTestServer.Path} HTTP/1.1\r\nHost: 127.0.0.1\r\n{FirehoseHeaderNames.ProtocolVersion}: 1.0\r\n{FirehoseHeaderNames.RequestId}: {requestId}\r\n" +
            $"{FirehoseHeaderNames.AccessKey}: {key}\r\n{FirehoseHeaderNames.SourceArn}: {Deliveries.SourceArn}\r\nContent-Type: application/json\r\n{extraHeaders}\r\n");

    public Task SendAsync(byte[] bytes) => _socket.SendAsync(bytes, SocketFlags.None);

    /// <summary>Half-closes the connection: the server sees the end of the request stream.</summary>
    public void EndSending() => _socket.Shutdown(SocketShutdown.Send);

    /// <summary>Reads one response, or returns <see langword="null"/> when the server closed the connection first.</summary>
    public async Task<RawHttpResponse?> ReadResponseAsync(TimeSpan timeout)
    {
        using var cancel = new CancellationTokenSource(timeout);
        int headEnd;
        while ((headEnd = IndexOfHeadEnd()) < 0)
        {
            if (!await ReceiveAsync(cancel.Token))
            {
                return null;
            }
        }

        var all = _pending.ToArray();
        var lines = Encoding.Latin1.GetString(all, 0, headEnd).Split("\r\n");
        var status = int.Parse(lines[0].Split(' ')[1], System.Globalization.CultureInfo.InvariantCulture);
        var headers = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var line in lines.Skip(1))
        {
            var colon = line.IndexOf(':', StringComparison.Ordinal);
            headers[line[..colon].Trim().ToLowerInvariant()] = line[(colon + 1)..].Trim();
        }

        var length = headers.TryGetValue("content-length", out var value) ? int.Parse(value, System.Globalization.CultureInfo.InvariantCulture) : 0;
        while (_pending.Length < headEnd + 4 + length)
        {
            Assert.True(await ReceiveAsync(cancel.Token), "the connection closed inside a response body");
        }

        all = _pending.ToArray();
        var body = all.AsSpan(headEnd + 4, length).ToArray();
        _pending.SetLength(0);
        _pending.Write(all.AsSpan(headEnd + 4 + length));
        return new RawHttpResponse(status, headers, body);
    }

    /// <summary>Waits until the server closes the connection (reading and discarding anything it still sends).</summary>
    public async Task<bool> ClosedWithinAsync(TimeSpan timeout)
    {
        using var cancel = new CancellationTokenSource(timeout);
        try
        {
            while (await ReceiveAsync(cancel.Token))
            {
            }

            return true;
        }
        catch (OperationCanceledException)
        {
            return false;
        }
    }

    public void Dispose()
    {
        _socket.Dispose();
        _pending.Dispose();
    }

    private async Task<bool> ReceiveAsync(CancellationToken cancellationToken)
    {
        var buffer = new byte[16 * 1024];
        int read;
        try
        {
            read = await _socket.ReceiveAsync(buffer, SocketFlags.None, cancellationToken);
        }
        catch (SocketException)
        {
            return false; // reset by the server
        }

        _pending.Write(buffer, 0, read);
        return read > 0;
    }

    private int IndexOfHeadEnd() => _pending.GetBuffer().AsSpan(0, (int)_pending.Length).IndexOf("\r\n\r\n"u8);
}
