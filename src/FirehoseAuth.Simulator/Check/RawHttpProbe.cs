using System.Globalization;
using System.Net;
using System.Net.Security;
using System.Net.Sockets;
using System.Text;

namespace FirehoseAuth.Simulator;

/// <summary>
/// Sends a request's head and only the first bytes of a much larger declared body over a raw HTTP/1.1 connection,
/// then waits for the answer without sending the rest. An answer that arrives proves the receiver decided without
/// the body (it cannot have read bytes that were never sent); no answer within the wait means it is waiting for the
/// body. An <see cref="HttpClient"/> cannot do this: it sends the whole body, or waits for 100-continue.
/// </summary>
internal static class RawHttpProbe
{
    private const int MaxHead = 64 * 1024;

    public static async Task<RawProbeResult> SendAsync(Uri url, IReadOnlyList<KeyValuePair<string, string>> headers, long declaredLength, ReadOnlyMemory<byte> prefix, TimeSpan wait, CancellationToken cancellationToken)
    {
        using var tcp = new TcpClient { NoDelay = true };
        using var deadline = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        deadline.CancelAfter(wait);
        long sent = 0;
        try
        {
            await tcp.ConnectAsync(url.Host, url.Port, deadline.Token).ConfigureAwait(false);
            Stream stream = tcp.GetStream();
            if (url.Scheme == Uri.UriSchemeHttps)
            {
                var tls = new SslStream(stream);
                await tls.AuthenticateAsClientAsync(new SslClientAuthenticationOptions { TargetHost = url.IdnHost }, deadline.Token).ConfigureAwait(false);
                stream = tls;
            }

            await using (stream.ConfigureAwait(false))
            {
                var head = new StringBuilder();
                head.Append(CultureInfo.InvariantCulture, $"POST {url.PathAndQuery} HTTP/1.1\r\nHost: {url.Authority}\r\nContent-Length: {declaredLength}\r\n");
                foreach (var (name, value) in headers)
                {
                    head.Append(CultureInfo.InvariantCulture, $"{name}: {value}\r\n");
                }

                head.Append("\r\n");
                try
                {
                    await stream.WriteAsync(Encoding.UTF8.GetBytes(head.ToString()), deadline.Token).ConfigureAwait(false);
                    await stream.WriteAsync(prefix, deadline.Token).ConfigureAwait(false);
                    await stream.FlushAsync(deadline.Token).ConfigureAwait(false);
                    sent = prefix.Length;
                }
                catch (IOException)
                {
                    // The receiver may close its side early after answering: read what it answered.
                }

                return await ReadResponseAsync(stream, sent, deadline.Token).ConfigureAwait(false);
            }
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            return new RawProbeResult(null, sent, TimedOut: true, Failure: null);
        }
        catch (Exception ex) when (ex is IOException or SocketException or System.Security.Authentication.AuthenticationException)
        {
            return new RawProbeResult(null, sent, TimedOut: false, Failure: ex.Message);
        }
    }

    private static async Task<RawProbeResult> ReadResponseAsync(Stream stream, long sent, CancellationToken cancellationToken)
    {
        var buffer = new MemoryStream();
        var chunk = new byte[16 * 1024];
        var headEnd = -1;
        while (headEnd < 0)
        {
            var read = await stream.ReadAsync(chunk, cancellationToken).ConfigureAwait(false);
            if (read == 0)
            {
                return new RawProbeResult(null, sent, TimedOut: false, Failure: "the receiver closed the connection without answering");
            }

            buffer.Write(chunk, 0, read);
            headEnd = IndexOfHeadEnd(buffer.GetBuffer().AsSpan(0, (int)buffer.Length));
            if (headEnd < 0 && buffer.Length > MaxHead)
            {
                return new RawProbeResult(null, sent, TimedOut: false, Failure: "the response's head is over 64 KiB");
            }
        }

        var all = buffer.GetBuffer().AsSpan(0, (int)buffer.Length);
        var lines = Encoding.Latin1.GetString(all[..headEnd]).Split("\r\n");
        var statusParts = lines[0].Split(' ', 3);
        if (statusParts.Length < 2 || !statusParts[0].StartsWith("HTTP/", StringComparison.Ordinal) || !int.TryParse(statusParts[1], NumberStyles.None, CultureInfo.InvariantCulture, out var status))
        {
            return new RawProbeResult(null, sent, TimedOut: false, Failure: $"the status line \"{lines[0]}\" is not HTTP");
        }

        var response = new HttpResponseMessage((HttpStatusCode)status);
        var content = new List<KeyValuePair<string, string>>();
        long? length = null;
        var chunked = false;
        foreach (var line in lines.Skip(1))
        {
            var colon = line.IndexOf(':', StringComparison.Ordinal);
            if (colon <= 0)
            {
                continue;
            }

            var name = line[..colon].Trim();
            var value = line[(colon + 1)..].Trim();
            if (name.StartsWith("Content-", StringComparison.OrdinalIgnoreCase))
            {
                content.Add(new(name, value));
                if (name.Equals("Content-Length", StringComparison.OrdinalIgnoreCase) && long.TryParse(value, NumberStyles.None, CultureInfo.InvariantCulture, out var l))
                {
                    length = l;
                }
            }
            else
            {
                response.Headers.TryAddWithoutValidation(name, value);
                chunked |= name.Equals("Transfer-Encoding", StringComparison.OrdinalIgnoreCase) && value.Contains("chunked", StringComparison.OrdinalIgnoreCase);
            }
        }

        var rest = new MemoryStream();
        rest.Write(all[(headEnd + 4)..]);
        var body = await ReadBodyAsync(stream, rest, chunked ? null : length, cancellationToken).ConfigureAwait(false);
        if (chunked)
        {
            body = Dechunk(body);
        }

        response.Content = new ByteArrayContent(body);
        foreach (var (name, value) in content)
        {
            response.Content.Headers.TryAddWithoutValidation(name, value);
        }

        return new RawProbeResult(response, sent, TimedOut: false, Failure: null);
    }

    private static async Task<byte[]> ReadBodyAsync(Stream stream, MemoryStream body, long? length, CancellationToken cancellationToken)
    {
        var chunk = new byte[16 * 1024];
        const int Cap = (1024 * 1024) + 64 * 1024;
        while ((length is null || body.Length < length) && body.Length <= Cap && !EndsChunked(body, length))
        {
            int read;
            try
            {
                read = await stream.ReadAsync(chunk, cancellationToken).ConfigureAwait(false);
            }
            catch (IOException)
            {
                break;
            }

            if (read == 0)
            {
                break;
            }

            body.Write(chunk, 0, read);
        }

        return length is { } l && body.Length > l ? body.ToArray()[..(int)l] : body.ToArray();
    }

    // A chunked body (length unknown) ends with the zero-length chunk; a body with neither ends at connection close.
    private static bool EndsChunked(MemoryStream body, long? length) =>
        length is null && body.Length >= 5 && body.GetBuffer().AsSpan((int)body.Length - 5, 5).SequenceEqual("0\r\n\r\n"u8);

    private static byte[] Dechunk(byte[] body)
    {
        var output = new MemoryStream();
        var position = 0;
        while (position < body.Length)
        {
            var lineEnd = body.AsSpan(position).IndexOf("\r\n"u8);
            if (lineEnd < 0)
            {
                break;
            }

            var sizeText = Encoding.Latin1.GetString(body, position, lineEnd).Split(';')[0];
            if (!int.TryParse(sizeText, NumberStyles.HexNumber, CultureInfo.InvariantCulture, out var size) || size == 0)
            {
                break;
            }

            position += lineEnd + 2;
            output.Write(body, position, Math.Min(size, body.Length - position));
            position += size + 2;
        }

        return output.ToArray();
    }

    private static int IndexOfHeadEnd(ReadOnlySpan<byte> data) => data.IndexOf("\r\n\r\n"u8);
}
