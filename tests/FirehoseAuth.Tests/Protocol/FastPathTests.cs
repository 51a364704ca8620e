using System.Buffers;
using FirehoseAuth.Protocol;

namespace FirehoseAuth.Tests.Protocol;

/// <summary>
/// The fast path itself (not the general parser behind it, which gives the same answers and so hides a fast path
/// that gives up too often): it accepts Firehose's shape and gives up on what it does not recognise.
/// </summary>
public sealed class FastPathTests
{
    private static readonly FirehoseParserOptions Options = new();

    public static TheoryData<string> Bodies => new()
    {
        FirehoseBody.Json([FirehoseBody.Hello, [], [1, 2, 3, 4], new byte[700]]),
        "{ \"records\" : [ { \"data\" : \"QQ==\" } ,{\"data\":\"QUI=\"}\n] ,\t\"timestamp\":-0,\"requestId\":\"é\" }  ",
        "{\"timestamp\":9223372036854775807,\"requestId\":\"r\",\"records\":[{\"data\":\"" + Convert.ToBase64String(new byte[3000]) + "\"}]}",
    };

    [Theory]
    [MemberData(nameof(Bodies))]
    public async Task Accepts_the_body_and_decodes_what_the_general_parser_decodes(string text)
    {
        var json = FirehoseBody.Utf8(text);
        var records = Scan(json);
        Assert.NotNull(records);
        Assert.Equal((await Parse.SucceedsAsync(json)).Records, records);
    }

    [Theory]
    [InlineData("{\"requestId\":\"r\",\"timestamp\":1,\"records\":[{\"data\":\"QQ==\",\"x\":1}]}")]
    [InlineData("{\"requestId\":\"r\",\"timestamp\":1,\"records\":[{\"data\":\"Q\\/==\"}]}")]
    [InlineData("{\"requestId\":\"r\",\"timestamp\":1.5,\"records\":[{\"data\":\"QQ==\"}]}")]
    [InlineData("{\"requestId\":\"r\",\"timestamp\":01,\"records\":[{\"data\":\"QQ==\"}]}")]
    [InlineData("{\"requestId\":\"r\",\"timestamp\":1,\"records\":[{\"data\":\"QQ==\"},]}")]
    [InlineData("{\"requestId\":\"r\",\"timestamp\":1,\"records\":[{\"data\":\"QQ= =\"}]}")]
    [InlineData("{\"requestId\":\"r\",\"timestamp\":1,\"records\":[]}")]
    [InlineData("{\"requestId\":\"r\",\"timestamp\":1,\"records\":[{\"data\":\"QQ==\"}]}x")]
    [InlineData("{\"requestId\":\"r\",\"timestamp\":1,\"records\":[{\"data\":\"QQ==\"}]")]
    public void Gives_up_on_what_the_general_parser_must_decide(string text) => Assert.Null(Scan(FirehoseBody.Utf8(text)));

    /// <summary>Runs the fast path alone; returns the records, or null when it gave up.</summary>
    private static byte[][]? Scan(byte[] json)
    {
        using var delivery = NewDelivery(json.Length);
        if (!FirehoseFastPath.TryParse(json, delivery, Options, out var requestId, out _))
        {
            return null;
        }

        Assert.True(requestId.Length > 0);
        return [.. Enumerable.Range(0, delivery.RecordCount).Select(i => delivery.Records[i].ToArray())];
    }

    private static FirehoseDelivery NewDelivery(int jsonLength)
    {
        var delivery = DeliveryPool.Rent();
        delivery.Initialize(ArrayPool<byte>.Shared, ArrayPool<byte>.Shared.Rent(BodyLayout.DataCapacity(jsonLength)), 0, null, null);
        return delivery;
    }
}
