using FirehoseAuth.AspNetCore.Tests.Infrastructure;

namespace FirehoseAuth.AspNetCore.Tests.Adversarial;

/// <summary>Every HttpClient-expressible hostile case, by unique name, and the one way each is checked.</summary>
public static class HostileCatalogue
{
    public static IReadOnlyDictionary<string, HostileCase> ByName { get; } =
        JsonBodyCases.All().Concat(HeaderCases.All()).Concat(EncodingCases.All()).ToDictionary(c => c.Name, StringComparer.Ordinal);

    public static TheoryData<string> Names => new(ByName.Keys);

    /// <summary>
    /// Sends the case and asserts its status; unless Kestrel answered, the body is Firehose's JSON (requestId echoed,
    /// timestamp, errorMessage exactly on failure) and the handler ran exactly when the answer is 200.
    /// </summary>
    public static async Task AssertAnsweredAsync(AdversarialServer server, HostileCase hostile)
    {
        var deliveredBefore = server.Delivered;
        await AssertAnsweredAsync(server.Server.Client, hostile);
        Assert.Equal(deliveredBefore + (hostile.Status == 200 ? 1 : 0), server.Delivered);
    }

    /// <summary>Sends the case to any receiver and asserts its status and Firehose's JSON answer.</summary>
    public static async Task AssertAnsweredAsync(HttpClient client, HostileCase hostile)
    {
        var requestId = Deliveries.NewRequestId();
        using var request = hostile.Build(requestId);
        using var message = await client.SendAsync(request);
        if (hostile.AnsweredByKestrel)
        {
            Assert.Equal(hostile.Status, (int)message.StatusCode);
        }
        else
        {
            var response = await FirehoseResponse.ReadAsync(message);
            Assert.True(hostile.Status == response.StatusCode, $"{hostile.Name}: expected {hostile.Status}, got {response.StatusCode} ({response.ErrorMessage})");
            Assert.True(response.Timestamp > 0);
            if (hostile.EchoesHeaderRequestId)
            {
                Assert.Equal(requestId, response.RequestId);
            }

            if (response.StatusCode == 200)
            {
                Assert.Null(response.ErrorMessage);
            }
            else
            {
                Assert.False(string.IsNullOrEmpty(response.ErrorMessage));
            }
        }
    }
}
