using System.Text;
using FirehoseAuth.AspNetCore.Tests.Infrastructure;
using static FirehoseAuth.AspNetCore.Tests.Adversarial.HostileRequests;

namespace FirehoseAuth.AspNetCore.Tests.Adversarial;

/// <summary>Hostile gzip: Content-Encoding lies, concatenated members, truncation, corrupt trailers, header flags.</summary>
public static class EncodingCases
{
    private const string Gzip = "gzip";

    public static IEnumerable<HostileCase> All()
    {
        yield return Bytes("Says gzip but is plain JSON is 400", BadRequest, id => Valid(id), Gzip);
        yield return Bytes("Is gzip but says nothing is 400", BadRequest, id => Deliveries.Gzip(Valid(id)));
        yield return Bytes("Gzip of something that is not JSON is 400", BadRequest, _ => Deliveries.Gzip(Encoding.UTF8.GetBytes("not json at all")), Gzip);
        yield return Bytes("Gzip of an empty input is 400", BadRequest, _ => Deliveries.Gzip([]), Gzip);
        yield return Bytes("Gzip'd twice but declared once is 400", BadRequest, id => Deliveries.Gzip(Deliveries.Gzip(Valid(id))), Gzip);
        yield return Bytes("The document split over two concatenated gzip members is accepted (RFC 1952 multi-member)", 200, id =>
        {
            var body = Valid(id);
            return [.. Deliveries.Gzip(body[..20]), .. Deliveries.Gzip(body[20..])];
        }, Gzip);
        yield return Bytes("A second gzip member after the complete document is not ignored: 400", BadRequest, id => [.. Deliveries.Gzip(Valid(id)), .. Deliveries.Gzip(Encoding.UTF8.GetBytes("{\"smuggled\":1}"))], Gzip);
        yield return Bytes("Garbage after the gzip trailer is 400", BadRequest, id => [.. Deliveries.Gzip(Valid(id)), .. "garbage"u8.ToArray()], Gzip);
        yield return Bytes("Gzip missing its 8-byte trailer is 400", BadRequest, id => Deliveries.Gzip(Valid(id))[..^8], Gzip);
        yield return Bytes("Gzip cut in the middle of the deflate data is 400", BadRequest, id =>
        {
            var gzip = Deliveries.Gzip(Valid(id));
            return gzip[..(gzip.Length / 2)];
        }, Gzip);
        yield return Bytes("Gzip of only the 10-byte header is 400", BadRequest, id => Deliveries.Gzip(Valid(id))[..10], Gzip);
        yield return Bytes("Gzip with a wrong CRC-32 is 400", BadRequest, id => Corrupt(Deliveries.Gzip(Valid(id)), fromEnd: 8), Gzip);
        yield return Bytes("Gzip with a wrong ISIZE is 400", BadRequest, id => Corrupt(Deliveries.Gzip(Valid(id)), fromEnd: 4), Gzip);
        yield return Bytes("Gzip with a wrong magic number is 400", BadRequest, id => Corrupt(Deliveries.Gzip(Valid(id)), fromEnd: Deliveries.Gzip(Valid(id)).Length), Gzip);
        yield return Bytes("Gzip with an FNAME header field is accepted (valid RFC 1952)", 200, id => WithFileName(Valid(id)), Gzip);
    }

    private static byte[] Valid(string id) => Encoding.UTF8.GetBytes(ValidJson(id));

    private static byte[] Corrupt(byte[] bytes, int fromEnd)
    {
        bytes[^fromEnd] ^= 0x5A;
        return bytes;
    }

    /// <summary>A gzip member whose header carries a file name (FLG.FNAME, as gzip(1) writes it): same data, CRC and size.</summary>
    private static byte[] WithFileName(byte[] data)
    {
        var gzip = Deliveries.Gzip(data);
        Assert.Equal(0, gzip[3]); // GZipStream writes no optional header fields
        gzip[3] = 0x08;
        return [.. gzip[..10], .. "delivery.json"u8, 0, .. gzip[10..]];
    }
}
