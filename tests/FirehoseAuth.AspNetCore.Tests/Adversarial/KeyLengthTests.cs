using System.Text;
using FirehoseAuth.AspNetCore.Tests.Infrastructure;
using Microsoft.AspNetCore.Server.Kestrel.Core;

namespace FirehoseAuth.AspNetCore.Tests.Adversarial;

/// <summary>
/// Presented keys of 0, 1, 4096 and 4097 bytes against servers whose configured key is 1 and 4096 bytes long (the
/// shortest and the longest Firehose can send): exactly the configured key is 200, everything else 401 with Firehose's
/// JSON, and neither the key nor its length shows in the answer.
/// </summary>
[Collection(AdversarialCollection.Name)]
public sealed class KeyLengthTests
{
    private static readonly string LongKey = MakeKey(4096);

    public static TheoryData<string, int, int> Cases => new()
    {
        { "1-byte key, presented exactly", 1, 1 },
        { "1-byte key, presented with 0 bytes", 1, 0 },
        { "1-byte key, presented with 4096 bytes", 1, 4096 },
        { "4096-byte key, presented exactly", 4096, 4096 },
        { "4096-byte key, presented with 4097 bytes (one appended)", 4096, 4097 },
        { "4096-byte key, presented with its first 4095 bytes", 4096, 4095 },
        { "4096-byte key, presented with 1 byte", 4096, 1 },
        { "4096-byte key, presented with 0 bytes", 4096, 0 },
    };

    [Theory]
    [MemberData(nameof(Cases))]
    public async Task Only_the_exact_configured_key_is_accepted_whatever_the_lengths(string name, int configuredBytes, int presentedBytes)
    {
        var configured = LongKey[..configuredBytes];
        var presented = presentedBytes <= LongKey.Length ? LongKey[..presentedBytes] : LongKey + "x";
        await using var server = await FirehoseTestServer.StartAsync(o => o.AccessKey = configured, kestrel: k => k.ConfigureForFirehose());
        var requestId = Deliveries.NewRequestId();

        var response = await server.SendAsync(Deliveries.Request(requestId, Deliveries.Body(requestId, Deliveries.Utf8(name)), key: presented));

        var exact = presented == configured;
        Assert.Equal(exact ? 200 : 401, response.StatusCode);
        Assert.Equal(requestId, response.RequestId);
        Assert.Equal(exact ? 1 : 0, server.Received.Count);
        if (!exact)
        {
            Assert.False(string.IsNullOrEmpty(response.ErrorMessage));
            Assert.DoesNotContain(configured, response.ErrorMessage, StringComparison.Ordinal);
            Assert.DoesNotContain(configuredBytes.ToString(System.Globalization.CultureInfo.InvariantCulture), response.ErrorMessage, StringComparison.Ordinal);
        }

        await AdversarialServer.AssertPoolsDrainedAsync();
    }

    private static string MakeKey(int length)
    {
        var key = new StringBuilder(length);
        for (var i = 0; i < length; i++)
        {
            key.Append((char)('!' + (i * 7 % 94))); // printable ASCII, no spaces
        }

        return key.ToString();
    }
}
