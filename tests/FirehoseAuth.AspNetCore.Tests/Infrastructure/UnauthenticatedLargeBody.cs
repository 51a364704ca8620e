using System.Text;
using FirehoseAuth.Protocol;

namespace FirehoseAuth.AspNetCore.Tests.Infrastructure;

/// <summary>
/// Sends a 64 MiB body with a missing or wrong access key from a streaming content that counts the bytes pulled, and
/// checks the answer when one arrives: 401 with the request id.
/// </summary>
public static class UnauthenticatedLargeBody
{
    public const long Size = FirehoseParserOptions.FirehoseMaxBodySize;

    /// <returns>The request id, the bytes that left the client, and whether an answer was received.</returns>
    public static async Task<(string RequestId, long Pulled, bool Answered)> SendAsync(HttpClient client, string? key)
    {
        var requestId = Deliveries.NewRequestId();
        var content = new CountingContent(Size, Encoding.UTF8.GetBytes($"{{\"requestId\":\"{requestId}\",\"records\":[{{\"data\":\""));
        using var request = Deliveries.Request(requestId, content, key: key);
        HttpResponseMessage? message = null;
        try
        {
            message = await client.SendAsync(request);
        }
        catch (HttpRequestException)
        {
            // The server answered and closed the connection while the client was still sending: HTTP/1.1 without
            // Expect: 100-continue gives the sender no other way to stop, and the client may lose the answer to the reset.
        }

        using (message)
        {
            if (message is not null)
            {
                var response = await FirehoseResponse.ReadAsync(message);
                Assert.Equal(401, response.StatusCode);
                Assert.Equal(requestId, response.RequestId);
            }
        }

        return (requestId, content.Pulled, message is not null);
    }
}
