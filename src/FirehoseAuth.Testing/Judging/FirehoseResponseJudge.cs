using System.Globalization;
using System.Net.Http.Headers;
using System.Text.Json;

namespace FirehoseAuth.Testing;

/// <summary>
/// Judges a receiver's response against Firehose's response specification: status, <c>Content-Type:
/// application/json</c>, a <c>Content-Length</c> equal to the body, no <c>Content-Encoding</c>, a body of at most
/// 1 MiB that is a JSON object with the request's <c>requestId</c>, an integer millisecond <c>timestamp</c> near now,
/// and an <c>errorMessage</c> of at most 8,192 characters.
/// </summary>
/// <remarks>
/// Give it the response as the server sent it: an <see cref="HttpClient"/> whose handler decompresses responses
/// (<c>AutomaticDecompression</c>) removes the <c>Content-Encoding</c> header before the judge can see it.
/// </remarks>
public static class FirehoseResponseJudge
{
    /// <summary>The largest response body Firehose accepts: 1 MiB.</summary>
    public const int MaxBodySize = 1024 * 1024;

    /// <summary>How far the response's timestamp may be from the judge's clock when none is given: 10 minutes.</summary>
    public static readonly TimeSpan DefaultTimestampTolerance = TimeSpan.FromMinutes(10);

    /// <summary>Reads the response's body (at most 1 MiB of it) and judges the response.</summary>
    /// <param name="response">The response, with its body not yet read.</param>
    /// <param name="requestId">The request id of the delivery it answers.</param>
    /// <param name="now">The current time, to judge the timestamp by.</param>
    /// <param name="timestampTolerance">How far the timestamp may be from <paramref name="now"/>; <see cref="DefaultTimestampTolerance"/> when <see langword="null"/>.</param>
    /// <param name="cancellationToken">Stops reading the body.</param>
    /// <returns>The judgement, with one sentence per violation.</returns>
    public static async Task<FirehoseResponseJudgement> JudgeAsync(HttpResponseMessage response, string requestId, DateTimeOffset now, TimeSpan? timestampTolerance = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(response);
        ArgumentNullException.ThrowIfNull(requestId);
        var violations = new List<FirehoseResponseViolation>();
        var status = (int)response.StatusCode;
        if (status is >= 201 and <= 299)
        {
            violations.Add(new(FirehoseResponseRule.Status, $"The status is {status}: Firehose counts only 200 as success, so the delivery will be retried."));
        }

        var contentType = Header(response.Content.Headers, "Content-Type");
        if (contentType is null)
        {
            violations.Add(new(FirehoseResponseRule.ContentType, "The response has no Content-Type; it must be application/json."));
        }
        else if (!MediaTypeHeaderValue.TryParse(contentType, out var mediaType) || !string.Equals(mediaType.MediaType, "application/json", StringComparison.OrdinalIgnoreCase))
        {
            violations.Add(new(FirehoseResponseRule.ContentType, $"The Content-Type is \"{contentType}\"; it must be application/json."));
        }

        var encoding = Header(response.Content.Headers, "Content-Encoding");
        if (!string.IsNullOrEmpty(encoding))
        {
            violations.Add(new(FirehoseResponseRule.ContentEncoding, $"The response has Content-Encoding: {encoding}; Firehose requires a response without Content-Encoding."));
        }

        long? declared = null;
        var lengthHeader = Header(response.Content.Headers, "Content-Length");
        var chunked = Header(response.Headers, "Transfer-Encoding") is { } te && te.Contains("chunked", StringComparison.OrdinalIgnoreCase);
        if (lengthHeader is null)
        {
            violations.Add(new(FirehoseResponseRule.ContentLength, chunked
                ? "The response is chunked (Transfer-Encoding: chunked) without Content-Length; Firehose requires a Content-Length."
                : "The response has no Content-Length; Firehose requires one."));
        }
        else if (!long.TryParse(lengthHeader, NumberStyles.None, CultureInfo.InvariantCulture, out var length))
        {
            violations.Add(new(FirehoseResponseRule.ContentLength, $"The Content-Length \"{lengthHeader}\" is not a number."));
        }
        else
        {
            declared = length;
            if (chunked)
            {
                violations.Add(new(FirehoseResponseRule.ContentLength, "The response has both Content-Length and Transfer-Encoding: chunked."));
            }
        }

        if (declared > MaxBodySize)
        {
            violations.Add(new(FirehoseResponseRule.BodySize, $"The Content-Length is {declared} bytes; Firehose accepts a body of at most {MaxBodySize} bytes."));
            return new((int)response.StatusCode, violations, null);
        }

        byte[] body;
        try
        {
            body = await ReadBodyAsync(response.Content, cancellationToken).ConfigureAwait(false);
        }
        catch (Exception ex) when (ex is IOException or HttpRequestException)
        {
            violations.Add(new(FirehoseResponseRule.ContentLength, declared is { } d
                ? $"The body ended before its Content-Length of {d} bytes ({ex.Message})."
                : $"The body could not be read ({ex.Message})."));
            return new(status, violations, null);
        }

        if (body.Length > MaxBodySize)
        {
            violations.Add(new(FirehoseResponseRule.BodySize, $"The body is over {MaxBodySize} bytes; Firehose accepts at most {MaxBodySize}."));
            return new(status, violations, null);
        }

        if (declared is { } expected && expected != body.Length)
        {
            violations.Add(new(FirehoseResponseRule.ContentLength, $"The Content-Length is {expected} but the body has {body.Length} bytes."));
        }

        var errorMessage = JudgeBody(body, requestId, now, timestampTolerance ?? DefaultTimestampTolerance, violations);
        return new(status, violations, errorMessage);
    }

    private static string? Header(HttpHeaders headers, string name) =>
        headers.NonValidated.TryGetValues(name, out var values) ? string.Join(", ", values) : null;

    private static async Task<byte[]> ReadBodyAsync(HttpContent content, CancellationToken cancellationToken)
    {
        var stream = await content.ReadAsStreamAsync(cancellationToken).ConfigureAwait(false);
        await using (stream.ConfigureAwait(false))
        {
            var buffer = new byte[MaxBodySize + 1];
            var total = 0;
            int read;
            while (total < buffer.Length && (read = await stream.ReadAsync(buffer.AsMemory(total), cancellationToken).ConfigureAwait(false)) > 0)
            {
                total += read;
            }

            return buffer.AsSpan(0, total).ToArray();
        }
    }

    private static string? JudgeBody(byte[] body, string requestId, DateTimeOffset now, TimeSpan tolerance, List<FirehoseResponseViolation> violations)
    {
        JsonDocument document;
        try
        {
            document = JsonDocument.Parse(body);
        }
        catch (JsonException)
        {
            violations.Add(new(FirehoseResponseRule.Json, body.Length == 0 ? "The body is empty; it must be a JSON object with requestId and timestamp." : "The body is not valid JSON."));
            return null;
        }

        using (document)
        {
            var root = document.RootElement;
            if (root.ValueKind != JsonValueKind.Object)
            {
                violations.Add(new(FirehoseResponseRule.Json, $"The body is a JSON {root.ValueKind.ToString().ToLowerInvariant()}, not an object."));
                return null;
            }

            if (!root.TryGetProperty("requestId", out var id) || id.ValueKind != JsonValueKind.String)
            {
                violations.Add(new(FirehoseResponseRule.RequestId, "The body has no requestId string."));
            }
            else if (id.GetString() != requestId)
            {
                violations.Add(new(FirehoseResponseRule.RequestId, $"The body's requestId \"{id.GetString()}\" is not the request's \"{requestId}\"."));
            }

            JudgeTimestamp(root, now, tolerance, violations);

            if (!root.TryGetProperty("errorMessage", out var error) || error.ValueKind == JsonValueKind.Null)
            {
                return null;
            }

            if (error.ValueKind != JsonValueKind.String)
            {
                violations.Add(new(FirehoseResponseRule.ErrorMessage, $"The errorMessage is a JSON {error.ValueKind.ToString().ToLowerInvariant()}, not a string."));
                return null;
            }

            var message = error.GetString()!;
            if (message.Length > FirehoseError.MaxMessageLength)
            {
                violations.Add(new(FirehoseResponseRule.ErrorMessage, $"The errorMessage has {message.Length} characters; Firehose accepts at most {FirehoseError.MaxMessageLength}."));
            }

            return message;
        }
    }

    private static void JudgeTimestamp(JsonElement root, DateTimeOffset now, TimeSpan tolerance, List<FirehoseResponseViolation> violations)
    {
        if (!root.TryGetProperty("timestamp", out var timestamp))
        {
            violations.Add(new(FirehoseResponseRule.Timestamp, "The body has no timestamp."));
            return;
        }

        if (timestamp.ValueKind != JsonValueKind.Number)
        {
            violations.Add(new(FirehoseResponseRule.Timestamp, $"The timestamp is a JSON {timestamp.ValueKind.ToString().ToLowerInvariant()}; it must be an integer number of milliseconds."));
            return;
        }

        if (!timestamp.TryGetInt64(out var value))
        {
            violations.Add(new(FirehoseResponseRule.Timestamp, $"The timestamp {timestamp.GetRawText()} is not an integer; it must be whole Unix milliseconds."));
            return;
        }

        var nowMs = now.ToUnixTimeMilliseconds();
        var toleranceMs = (long)tolerance.TotalMilliseconds;
        if (Math.Abs(value - nowMs) <= toleranceMs)
        {
            return;
        }

        if (Math.Abs(value - now.ToUnixTimeSeconds()) <= (long)tolerance.TotalSeconds)
        {
            violations.Add(new(FirehoseResponseRule.Timestamp, $"The timestamp {value} is in seconds; Firehose requires Unix milliseconds (about {nowMs} now)."));
            return;
        }

        violations.Add(new(FirehoseResponseRule.Timestamp, $"The timestamp {value} is not within {tolerance.TotalMinutes:0.#} minutes of now ({nowMs} in Unix milliseconds)."));
    }
}
