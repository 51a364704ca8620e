using System.Buffers;
using System.Buffers.Text;

namespace FirehoseAuth.LoadTest;

/// <summary>
/// The floor of the end-to-end comparison: the least any receiver on this stack (Kestrel, minimal API, one route) can
/// cost. It reads each body whole into a pooled buffer and answers Firehose's 200 JSON with the request id from the
/// header, without authenticating, parsing, gunzipping or writing output. Not a receiver to deploy: it accepts anything.
/// </summary>
internal static class FloorReceiver
{
    private const string RequestIdHeader = "X-Amz-Firehose-Request-Id";

    /// <summary>A Firehose request id is a GUID; anything longer is answered 400 rather than echoed.</summary>
    private const int MaxRequestIdLength = 64;

    private static readonly SearchValues<char> RequestIdChars = SearchValues.Create("0123456789abcdefABCDEF-");

    public static async Task RunAsync(string urls)
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.WebHost.UseUrls(urls);
        builder.WebHost.ConfigureKestrel(options => options.Limits.MaxRequestBodySize = null);
        var app = builder.Build();
        app.MapPost("/firehose", AnswerAsync);
        await app.RunAsync().ConfigureAwait(false);
    }

    private static async Task AnswerAsync(HttpContext context)
    {
        await ReadBodyAsync(context.Request).ConfigureAwait(false);
        var requestId = context.Request.Headers[RequestIdHeader].ToString();
        var response = context.Response;
        if (requestId.Length > MaxRequestIdLength || requestId.AsSpan().ContainsAnyExcept(RequestIdChars))
        {
            response.StatusCode = StatusCodes.Status400BadRequest;
            return;
        }

        // {"requestId":"<id>","timestamp":<ms>}: at most 14 + 64 + 14 + 20 + 1 bytes.
        Span<byte> answer = stackalloc byte[128];
        var length = 0;
        "{\"requestId\":\""u8.CopyTo(answer);
        length += 14;
        length += System.Text.Encoding.ASCII.GetBytes(requestId, answer[length..]);
        "\",\"timestamp\":"u8.CopyTo(answer[length..]);
        length += 14;
        Utf8Formatter.TryFormat(TimeProvider.System.GetUtcNow().ToUnixTimeMilliseconds(), answer[length..], out var digits);
        length += digits;
        answer[length++] = (byte)'}';
        response.StatusCode = StatusCodes.Status200OK;
        response.ContentType = "application/json";
        response.ContentLength = length;
        response.BodyWriter.Write(answer[..length]);
        await response.BodyWriter.FlushAsync().ConfigureAwait(false);
    }

    /// <summary>Reads the body whole into one pooled buffer (sized from Content-Length, grown when it is absent).</summary>
    private static async Task ReadBodyAsync(HttpRequest request)
    {
        var buffer = ArrayPool<byte>.Shared.Rent((int)Math.Clamp(request.ContentLength ?? 0, 4096, Array.MaxLength));
        try
        {
            var read = 0;
            int n;
            while ((n = await request.Body.ReadAsync(buffer.AsMemory(read)).ConfigureAwait(false)) > 0)
            {
                read += n;
                if (read == buffer.Length)
                {
                    var larger = ArrayPool<byte>.Shared.Rent(buffer.Length * 2);
                    buffer.AsSpan().CopyTo(larger);
                    ArrayPool<byte>.Shared.Return(buffer);
                    buffer = larger;
                }
            }
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(buffer);
        }
    }
}
