using System.Text;
using FirehoseAuth.AspNetCore.Tests.Infrastructure;
using static FirehoseAuth.AspNetCore.Tests.Adversarial.HostileRequests;

namespace FirehoseAuth.AspNetCore.Tests.Adversarial;

/// <summary>Hostile bodies: truncated and invalid JSON, wrong types, record counts, duplicates, nesting, UTF-8, base64.</summary>
public static class JsonBodyCases
{
    public static IEnumerable<HostileCase> All()
    {
        // Truncated at every structural point of {"requestId":"…","timestamp":…,"records":[{"data":"…"}]}.
        (string Where, string CutAfter)[] cuts =
        [
            ("after the opening brace", "{"),
            ("inside the first member name", "{\"reque"),
            ("after the first member name", "{\"requestId\""),
            ("after the first colon", "{\"requestId\":"),
            ("after the request id's opening quote", "{\"requestId\":\"" ),
            ("after the request id value", "\",\"timestamp\"" ),
            ("after the first comma", "\","),
            ("inside the timestamp number", "\"timestamp\":17000"),
            ("after the timestamp", "\"timestamp\":1700000000123,"),
            ("after the records colon", "\"records\":"),
            ("after the records opening bracket", "\"records\":["),
            ("after the record's opening brace", "\"records\":[{"),
            ("after the data colon", "\"data\":"),
            ("inside the data string", "\"data\":\"aGVs"),
            ("after the record's closing brace", "\"aGVsbG8=\"}"),
            ("after the records closing bracket", "\"aGVsbG8=\"}]"),
        ];
        foreach (var (where, cutAfter) in cuts)
        {
            yield return Json($"Truncated JSON {where} is 400", BadRequest, id => Cut(ValidJson(id), cutAfter, where == "after the request id value" ? -("\",\"timestamp\"".Length - 1) : 0));
        }

        yield return Json("Empty body is 400", BadRequest, _ => string.Empty);
        yield return Json("Whitespace-only body is 400", BadRequest, _ => "  \r\n\t ");
        yield return Json("JSON null as the root is 400", BadRequest, _ => "null");
        yield return Json("JSON array as the root is 400", BadRequest, id => $"[{ValidJson(id)}]");
        yield return Json("JSON string as the root is 400", BadRequest, id => $"\"{id}\"");
        yield return Json("Trailing garbage after the document is 400", BadRequest, id => ValidJson(id) + "x");
        yield return Json("Two concatenated documents are 400", BadRequest, id => ValidJson(id) + ValidJson(id));
        yield return Json("Missing comma between members is 400", BadRequest, id => ValidJson(id).Replace(",\"timestamp\"", "\"timestamp\"", StringComparison.Ordinal));
        yield return Json("Trailing comma in the object is 400", BadRequest, id => ValidJson(id)[..^1] + ",}");
        yield return Json("Trailing comma in the records array is 400", BadRequest, id => ValidJson(id).Replace("}]", "},]", StringComparison.Ordinal));
        yield return Json("Single-quoted strings are 400", BadRequest, id => ValidJson(id).Replace('"', '\''));
        yield return Json("Unquoted member names are 400", BadRequest, id => ValidJson(id).Replace("\"timestamp\"", "timestamp", StringComparison.Ordinal));
        yield return Json("A comment inside the document is 400", BadRequest, id => ValidJson(id).Replace(",\"records\"", ",/* c */\"records\"", StringComparison.Ordinal));

        // Wrong types for every field.
        yield return Member("requestId as a number is 400", BadRequest, "requestId", "12345");
        yield return Member("requestId as null is 400", BadRequest, "requestId", "null");
        yield return Member("requestId as an object is 400", BadRequest, "requestId", "{\"id\":\"x\"}");
        yield return Member("requestId as an empty string is 400", BadRequest, "requestId", "\"\"");
        yield return Member("timestamp as a string is 400", BadRequest, "timestamp", "\"1700000000123\"");
        yield return Member("timestamp as a fraction is 400", BadRequest, "timestamp", "1700000000123.5");
        yield return Member("timestamp as an exponent beyond Int64 is 400", BadRequest, "timestamp", "1e400");
        yield return Member("timestamp as null is 400", BadRequest, "timestamp", "null");
        yield return Member("timestamp as true is 400", BadRequest, "timestamp", "true");
        yield return Member("timestamp beyond Int64 is 400", BadRequest, "timestamp", "99999999999999999999");
        yield return Member("records as an object is 400", BadRequest, "records", "{\"data\":\"aGVsbG8=\"}");
        yield return Member("records as a string is 400", BadRequest, "records", "\"aGVsbG8=\"");
        yield return Member("records as null is 400", BadRequest, "records", "null");
        yield return Member("A record as a bare string is 400", BadRequest, "records", "[\"aGVsbG8=\"]");
        yield return Member("A record as an array is 400", BadRequest, "records", "[[{\"data\":\"aGVsbG8=\"}]]");
        yield return Member("A record as null is 400", BadRequest, "records", "[null]");
        yield return Member("data as a number is 400", BadRequest, "records", "[{\"data\":42}]");
        yield return Member("data as null is 400", BadRequest, "records", "[{\"data\":null}]");
        yield return Member("data as an object is 400", BadRequest, "records", "[{\"data\":{\"b\":\"aGVsbG8=\"}}]");
        yield return Member("A record without data is 400", BadRequest, "records", "[{\"other\":\"aGVsbG8=\"}]");
        yield return Json("A body without requestId is 400", BadRequest, _ => """{"timestamp":1700000000123,"records":[{"data":"aGVsbG8="}]}""");
        yield return Json("A body without timestamp is 400", BadRequest, id => $$"""{"requestId":"{{id}}","records":[{"data":"aGVsbG8="}]}""");
        yield return Json("A body without records is 400", BadRequest, id => $$"""{"requestId":"{{id}}","timestamp":1700000000123}""");

        // Record counts.
        yield return Member("Zero records is 400", BadRequest, "records", "[]");
        yield return Bytes("10,000 records (Firehose's maximum) are accepted", 200, id => Deliveries.Body(id, Enumerable.Repeat(new byte[] { 1 }, 10_000).ToArray()));
        yield return Bytes("10,001 records are refused with 413 (Firehose never sends them, so nothing legal is lost)", 413, id => Deliveries.Body(id, Enumerable.Repeat(new byte[] { 1 }, 10_001).ToArray()));

        // Duplicate fields: a second value must not silently win.
        yield return Json("A duplicate requestId is 400", BadRequest, id => $$"""{"requestId":"{{id}}","requestId":"{{id}}","timestamp":1700000000123,"records":[{"data":"aGVsbG8="}]}""");
        yield return Json("A duplicate timestamp is 400", BadRequest, id => $$"""{"requestId":"{{id}}","timestamp":1,"timestamp":1700000000123,"records":[{"data":"aGVsbG8="}]}""");
        yield return Json("A duplicate records array is 400", BadRequest, id => $$"""{"requestId":"{{id}}","timestamp":1700000000123,"records":[{"data":"aGVsbG8="}],"records":[{"data":"aGVsbG8="}]}""");
        yield return Member("A duplicate data field in a record is 400", BadRequest, "records", "[{\"data\":\"aGVsbG8=\",\"data\":\"d29ybGQ=\"}]");

        // Nesting (an unknown member is skipped, but not past MaxDepth = 64).
        yield return Json("Unknown member nested 60 deep is accepted (within MaxDepth)", 200, id => ValidJson(id)[..^1] + ",\"x\":" + new string('[', 60) + new string(']', 60) + "}");
        yield return Json("Unknown member nested 100 deep is 400", BadRequest, id => ValidJson(id)[..^1] + ",\"x\":" + new string('[', 100) + new string(']', 100) + "}");
        yield return Json("Unclosed nesting 100,000 deep is 400", BadRequest, id => ValidJson(id)[..^1] + ",\"x\":" + new string('[', 100_000));

        // Invalid UTF-8 and lone surrogates.
        yield return Bytes("Invalid UTF-8 byte in an unknown string member is 400", BadRequest, id => Splice(ValidJson(id)[..^1] + ",\"x\":\"", [0xFF], "\"}"));
        yield return Bytes("Overlong UTF-8 encoding of '/' in an unknown member is 400", BadRequest, id => Splice(ValidJson(id)[..^1] + ",\"x\":\"", [0xC0, 0xAF], "\"}"));
        yield return Bytes("UTF-8 sequence cut at the end of a string is 400", BadRequest, id => Splice(ValidJson(id)[..^1] + ",\"x\":\"", [0xE2, 0x82], "\"}"));
        yield return Bytes("Invalid UTF-8 inside the data string is 400", BadRequest, id => Splice($$"""{"requestId":"{{id}}","timestamp":1700000000123,"records":[{"data":"aGVs""", [0xFF], "bG8=\"}]}"));
        yield return Bytes("Encoded UTF-16 surrogate (CESU-8) in the request id is 400", BadRequest, id => Splice($$"""{"requestId":"{{id}}""", [0xED, 0xA0, 0x80], "\",\"timestamp\":1700000000123,\"records\":[{\"data\":\"aGVsbG8=\"}]}"));
        yield return Member("A lone high surrogate escape in the request id is 400", BadRequest, "requestId", "\"\\uD800\"");
        yield return Member("A lone low surrogate escape in the request id is 400", BadRequest, "requestId", "\"\\uDC00\"");
        yield return Data("A lone surrogate escape in data is 400", BadRequest, "aGVs\\uD800bG8=");
        yield return Json("A request id written entirely in escapes of the header's GUID is accepted (JSON-equal)", 200, id => $$"""{"requestId":"{{EscapeAll(id)}}","timestamp":1700000000123,"records":[{"data":"aGVsbG8="}]}""");

        // Base64.
        yield return Data("Base64 without padding is 400", BadRequest, "aGVsbG8");
        yield return Data("Base64 with extra padding is 400", BadRequest, "aGVsbG8==");
        yield return Data("Base64 of only padding is 400", BadRequest, "====");
        yield return Data("Base64 with padding in the middle is 400", BadRequest, "aG==bG8=");
        yield return Data("Base64 with a character outside the alphabet is 400", BadRequest, "aGV$bG8=");
        yield return Data("URL-safe base64 is 400", BadRequest, "-_-_");
        yield return Data("Base64 with a space inside is 400", BadRequest, "aGVs bG8=");
        yield return Data("Base64 with an escaped newline inside is 400", BadRequest, "aGVs\\nbG8=");
        yield return Data("Base64 with an escaped NUL is 400", BadRequest, "aGVs\\u0000bG8=");
        yield return Data("Base64 whose padding is written as an escape is accepted (JSON-equal)", 200, "aGVsbG8\\u003d");
        yield return Data("Base64 with an escaped solidus is accepted (JSON-equal)", 200, "\\/w==");
        yield return Data("Base64 with a length of 4n+1 is 400", BadRequest, "aGVsb");

        // Record sizes at Firehose's limit.
        yield return Bytes("A record of 1,024,000 bytes (Firehose's maximum) is accepted", 200, id => Deliveries.Body(id, new byte[1_024_000]));
        yield return Bytes("A record of 1,024,001 bytes is refused with 413 (Firehose never sends one)", 413, id => Deliveries.Body(id, new byte[1_024_001]));

        // Request ids.
        yield return Json("A body request id that differs from the header is 400", BadRequest, _ => ValidJson(Guid.NewGuid().ToString()));
        yield return Json("A body request id differing only in case is 400", BadRequest, id => ValidJson(id.ToUpperInvariant()));
        yield return Json("A body request id with a trailing space is 400", BadRequest, id => ValidJson(id + " "));
    }

    private static string Cut(string json, string cutAfter, int adjust)
    {
        var at = json.IndexOf(cutAfter, StringComparison.Ordinal);
        Assert.True(at >= 0, cutAfter);
        return json[..(at + cutAfter.Length + adjust)];
    }

    private static byte[] Splice(string before, byte[] middle, string after)
        => [.. Encoding.UTF8.GetBytes(before), .. middle, .. Encoding.UTF8.GetBytes(after)];

    private static string EscapeAll(string text)
    {
        var escaped = new StringBuilder();
        foreach (var c in text)
        {
            escaped.Append(System.Globalization.CultureInfo.InvariantCulture, $"\\u{(int)c:x4}");
        }

        return escaped.ToString();
    }
}
