using System.Text.Json;

namespace FirehoseAuth.AspNetCore.Tests.Adversarial;

/// <summary>An HTTP/1.1 response read off a raw socket: status, headers (lower-case names) and body.</summary>
public sealed record RawHttpResponse(int Status, IReadOnlyDictionary<string, string> Headers, byte[] Body)
{
    /// <summary>Asserts the body is Firehose's JSON answer (requestId echoed, timestamp, an errorMessage on failure).</summary>
    public void AssertFirehoseJson(int status, string requestId)
    {
        Assert.Equal(status, Status);
        Assert.StartsWith("application/json", Headers["content-type"], StringComparison.Ordinal);
        Assert.False(Headers.ContainsKey("content-encoding"));
        using var json = JsonDocument.Parse(Body);
        Assert.Equal(requestId, json.RootElement.GetProperty("requestId").GetString());
        Assert.True(json.RootElement.GetProperty("timestamp").GetInt64() > 0);
        if (status == 200)
        {
            Assert.False(json.RootElement.TryGetProperty("errorMessage", out _));
        }
        else
        {
            Assert.False(string.IsNullOrEmpty(json.RootElement.GetProperty("errorMessage").GetString()));
        }
    }
}
