using System.Text.Json;

namespace FirehoseAuth.AspNetCore.Tests.Infrastructure;

/// <summary>A received response, checked against what Firehose requires of every answer.</summary>
public sealed record FirehoseResponse(int StatusCode, string? RequestId, long Timestamp, string? ErrorMessage)
{
    public static async Task<FirehoseResponse> ReadAsync(HttpResponseMessage response)
    {
        var body = await response.Content.ReadAsByteArrayAsync();

        // Every answer: application/json, an exact Content-Length, no Content-Encoding.
        Assert.Equal("application/json", response.Content.Headers.ContentType?.MediaType);
        Assert.Equal(body.Length, response.Content.Headers.ContentLength);
        Assert.Empty(response.Content.Headers.ContentEncoding);

        using var json = JsonDocument.Parse(body);
        var root = json.RootElement;
        var errorMessage = root.TryGetProperty("errorMessage", out var message) ? message.GetString() : null;
        return new FirehoseResponse((int)response.StatusCode, root.GetProperty("requestId").GetString(), root.GetProperty("timestamp").GetInt64(), errorMessage);
    }
}
