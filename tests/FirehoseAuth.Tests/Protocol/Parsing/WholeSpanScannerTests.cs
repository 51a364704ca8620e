using System.Buffers;
using FirehoseAuth.Protocol;

namespace FirehoseAuth.Tests.Protocol;

/// <summary>
/// The fast path itself (not the general parser behind it, which gives the same answers and so hides a fast path
/// that gives up too often): it accepts Firehose's shape and gives up on what it does not recognise.
/// </summary>
public sealed class WholeSpanScannerTests
{
    private static readonly FirehoseParserOptions Options = new();

    public static TheoryData<string> Bodies => new()
    {
        FirehoseBody.Json([FirehoseBody.Hello, [], [1, 2, 3, 4], new byte[700]]),
        "{ \"records\" : [ { \"data\" : \"QQ==\" } ,{\"data\":\"QUI=\"}\n] ,\t\"timestamp\":-0,\"requestId\":\"é\" }  ",
        "{\"requestId\":\"r\",\"timestamp\":1,\"records\":[{\"data\":\"QQ==\"},\n {\"data\":\"QUI=\"}, { \"data\":\"\"}]}",
        "{\"timestamp\":9223372036854775807,\"requestId\":\"r\",\"records\":[{\"data\":\"" + Convert.ToBase64String(new byte[3000]) + "\"}]}",

        // Long strings (decoded block by block) ending with each padding.
        FirehoseBody.Json([Long(3000), Long(3001), Long(3002), Long(300), Long(4096)]),
    };

    /// <summary>Long strings that are not canonical base64, at a place the block decoder reaches.</summary>
    public static TheoryData<string> LongStringsToGiveUpOn => new()
    {
        LongData(0, 1000, " "),
        LongData(0, 1000, "\\/"),
        LongData(0, 1000, "="),
        LongData(0, 1000, "-"),
        LongData(0, 1001, "\""),
        LongData(1, 2000, "\n"),
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
    [InlineData("{\"requestId\":\"r\",\"timestamp\":1,\"records\":[{\"data\":\"QQ==\" ,{\"data\":\"QQ==\"}]}")]
    [InlineData("{\"requestId\":\"r\",\"timestamp\":1,\"records\":[{\"data\":\"QQ= =\"}]}")]
    [InlineData("{\"requestId\":\"r\",\"timestamp\":1,\"records\":[{\"data\":\"QR==\"}]}")]
    [InlineData("{\"requestId\":\"r\",\"timestamp\":1,\"records\":[{\"data\":\"QUJ=\"}]}")]
    [InlineData("{\"requestId\":\"r\",\"timestamp\":1,\"records\":[]}")]
    [InlineData("{\"requestId\":\"r\",\"timestamp\":1,\"records\":[{\"data\":\"QQ==\"}]}x")]
    [InlineData("{\"requestId\":\"r\",\"timestamp\":1,\"records\":[{\"data\":\"QQ==\"}]")]
    [MemberData(nameof(LongStringsToGiveUpOn))]
    public void Gives_up_on_what_the_general_parser_must_decide(string text) => Assert.Null(Scan(FirehoseBody.Utf8(text)));

    private static byte[] Long(int length) => [.. Enumerable.Range(0, length).Select(i => (byte)(i * 7))];

    /// <summary>A body whose one record is 3000 bytes of base64 with <paramref name="insert"/> at <paramref name="at"/> (<paramref name="padding"/> 1: "=" removed, so the string is not a multiple of 4 long).</summary>
    private static string LongData(int padding, int at, string insert)
    {
        var data = Convert.ToBase64String(Long(3001));
        data = padding == 1 ? data.TrimEnd('=') : data;
        return "{\"requestId\":\"r\",\"timestamp\":1,\"records\":[{\"data\":\"" + data.Insert(at, insert) + "\"}]}";
    }

    /// <summary>Runs the fast path alone; returns the records, or null when it gave up.</summary>
    private static byte[][]? Scan(byte[] json)
    {
        using var delivery = NewDelivery(json.Length);
        if (!WholeSpanScanner.TryParse(json, delivery, Options, out var requestId, out _))
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
