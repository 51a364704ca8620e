using System.Buffers;
using System.Text;
using FirehoseAuth.Protocol;

namespace FirehoseAuth.Tests.Protocol;

/// <summary>
/// The record decoder on its own, without a parser around it: one record's <c>data</c> string in, a record (or the
/// reason it was refused) out. Parser-level behaviour is in <see cref="RecordTests"/>.
/// </summary>
public sealed class RecordDecoderTests
{
    [Theory]
    [InlineData("")]
    [InlineData("h")]
    [InlineData("hi")]
    [InlineData("hi!")]
    [InlineData("a record of some length, with every padding")]
    public void A_canonical_base64_string_becomes_one_record_with_its_bytes(string text)
    {
        using var delivery = NewDelivery();

        var status = RecordDecoder.Append(delivery, Base64(text), new FirehoseParserOptions());

        Assert.Equal(RecordStatus.Ok, status);
        Assert.Equal(text, Encoding.UTF8.GetString(Assert.Single(delivery.Records).Span));
    }

    [Fact]
    public void Records_are_appended_in_order_and_counted()
    {
        using var delivery = NewDelivery();
        var options = new FirehoseParserOptions();

        foreach (var text in new[] { "one", "", "three" })
        {
            Assert.Equal(RecordStatus.Ok, RecordDecoder.Append(delivery, Base64(text), options));
        }

        Assert.Equal(["one", "", "three"], delivery.Records.Select(r => Encoding.UTF8.GetString(r.Span)));
        Assert.Equal(8, delivery.RecordBytes);
    }

    [Theory]
    [InlineData("aGk")] // padding left out
    [InlineData("aGk=aGk=")] // padding in the middle
    [InlineData("aG k=")] // whitespace, which the runtime's decoder would skip
    [InlineData("aGk=\n")]
    [InlineData("aGk-")] // the URL-safe alphabet
    [InlineData("aG_=")]
    [InlineData("aGk%")]
    public void A_string_that_is_not_canonical_base64_is_refused(string base64)
    {
        using var delivery = NewDelivery();

        var status = RecordDecoder.Append(delivery, Encoding.ASCII.GetBytes(base64), new FirehoseParserOptions());

        Assert.Equal(RecordStatus.InvalidBase64, status);
        Assert.Equal(0, delivery.RecordCount);
    }

    [Fact]
    public void A_record_past_the_record_count_limit_is_refused()
    {
        using var delivery = NewDelivery();
        var options = new FirehoseParserOptions { MaxRecordCount = 2 };

        Assert.Equal(RecordStatus.Ok, RecordDecoder.Append(delivery, Base64("a"), options));
        Assert.Equal(RecordStatus.Ok, RecordDecoder.Append(delivery, Base64("b"), options));
        Assert.Equal(RecordStatus.TooManyRecords, RecordDecoder.Append(delivery, Base64("c"), options));
        Assert.Equal(2, delivery.RecordCount);
    }

    [Theory]
    [InlineData(100, false)]
    [InlineData(101, true)]
    public void A_record_is_refused_only_when_its_decoded_length_is_over_the_limit(int length, bool refused)
    {
        using var delivery = NewDelivery();

        var status = RecordDecoder.Append(delivery, Base64(new string('x', length)), new FirehoseParserOptions { MaxRecordSize = 100 });

        Assert.Equal(refused ? RecordStatus.RecordTooLarge : RecordStatus.Ok, status);
    }

    [Fact]
    public void A_gzip_record_is_gunzipped_when_asked_and_kept_as_sent_when_not()
    {
        var zipped = FirehoseBody.Gzip("inside the gzip"u8.ToArray());
        using var asked = NewDelivery();
        using var notAsked = NewDelivery();

        Assert.Equal(RecordStatus.Ok, RecordDecoder.Append(asked, Base64(zipped), new FirehoseParserOptions { DecompressGzipRecords = true }));
        Assert.Equal(RecordStatus.Ok, RecordDecoder.Append(notAsked, Base64(zipped), new FirehoseParserOptions()));

        Assert.Equal("inside the gzip", Encoding.UTF8.GetString(Assert.Single(asked.Records).Span));
        Assert.Equal(zipped, Assert.Single(notAsked.Records).ToArray());
    }

    [Fact]
    public void A_gzip_record_is_refused_when_corrupt_or_when_it_gunzips_past_its_limit()
    {
        var zipped = FirehoseBody.Gzip(new byte[1000]);
        using var delivery = NewDelivery();

        Assert.Equal(RecordStatus.CorruptGzip, RecordDecoder.Append(delivery, Base64(zipped[..^6]), new FirehoseParserOptions { DecompressGzipRecords = true }));
        Assert.Equal(RecordStatus.DecompressedRecordTooLarge, RecordDecoder.Append(delivery, Base64(zipped), new FirehoseParserOptions { DecompressGzipRecords = true, MaxDecompressedRecordSize = 999 }));
        Assert.Equal(RecordStatus.Ok, RecordDecoder.Append(delivery, Base64(zipped), new FirehoseParserOptions { DecompressGzipRecords = true, MaxDecompressedRecordSize = 1000 }));
        Assert.Equal(1000, Assert.Single(delivery.Records).Length);
    }

    [Fact]
    public void Decoding_in_the_pass_that_finds_the_closing_quote_agrees_with_decoding_the_unquoted_string()
    {
        var random = new Random(14);
        var options = new FirehoseParserOptions();
        var longStrings = false;
        for (var length = 0; length < 700; length++)
        {
            var bytes = new byte[length];
            random.NextBytes(bytes);
            var base64 = Base64(bytes);
            byte[] json = [.. "{\"data\":\""u8, .. base64, .. "\"},{\"data\":\"AAAA\"}]}"u8];
            using var delivery = NewDelivery();

            var end = RecordDecoder.AppendUntilQuote(delivery, json, "{\"data\":\"".Length, options, ref longStrings);

            Assert.True(end == "{\"data\":\"".Length + base64.Length, $"length {length}: the closing quote is at {end}");
            Assert.Equal(bytes, Assert.Single(delivery.Records).ToArray());
        }
    }

    [Theory]
    [InlineData("aGk\\u003d")] // a JSON escape: the general parser unescapes it
    [InlineData("aG k=")]
    [InlineData("aGk")]
    [InlineData("aGk%")]
    public void A_string_the_quote_finding_pass_cannot_decode_as_sent_is_left_to_the_general_parser(string content)
    {
        var longStrings = false;
        byte[] json = [.. "\""u8, .. Encoding.ASCII.GetBytes(content), .. "\"}]}"u8];
        using var delivery = NewDelivery();

        var end = RecordDecoder.AppendUntilQuote(delivery, json, 1, new FirehoseParserOptions(), ref longStrings);

        Assert.Equal(-1, end);
    }

    private static byte[] Base64(string text) => Base64(Encoding.UTF8.GetBytes(text));

    private static byte[] Base64(byte[] bytes) => Encoding.ASCII.GetBytes(Convert.ToBase64String(bytes));

    /// <summary>A delivery with room for 64 KiB of records, as the parser sets one up before decoding.</summary>
    private static FirehoseDelivery NewDelivery()
    {
        var delivery = DeliveryPool.Rent();
        delivery.Initialize(ArrayPool<byte>.Shared, ArrayPool<byte>.Shared.Rent(64 * 1024), 0, null, null);
        return delivery;
    }
}
