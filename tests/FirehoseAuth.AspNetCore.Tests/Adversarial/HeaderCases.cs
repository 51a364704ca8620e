using System.Globalization;
using System.Net.Http.Headers;
using System.Text;
using FirehoseAuth.AspNetCore.Tests.Infrastructure;
using FirehoseAuth.Protocol;
using static FirehoseAuth.AspNetCore.Tests.Adversarial.HostileRequests;

namespace FirehoseAuth.AspNetCore.Tests.Adversarial;

/// <summary>Hostile headers: missing ones one by one, methods, content headers, access keys, common attributes.</summary>
public static class HeaderCases
{
    public static IEnumerable<HostileCase> All()
    {
        // Missing headers, one by one.
        yield return Headers("Missing access key header is 401", 401, r => r.Headers.Remove(FirehoseHeaderNames.AccessKey));
        yield return Headers("Missing request id header is accepted: the body's id is echoed (judgement: lenient, the body is authoritative)", 200, r => r.Headers.Remove(FirehoseHeaderNames.RequestId));
        yield return Headers("Missing source ARN header is accepted when no allow-list is configured", 200, r => r.Headers.Remove(FirehoseHeaderNames.SourceArn));
        yield return Headers("Missing protocol version header is accepted (judgement: lenient)", 200, r => r.Headers.Remove(FirehoseHeaderNames.ProtocolVersion));
        yield return Headers("Missing Content-Type is accepted (judgement: lenient, the body must still be JSON)", 200, r => r.Content!.Headers.ContentType = null);

        // Methods and content headers.
        yield return Headers("GET is 405", 405, r => r.Method = HttpMethod.Get);
        yield return Headers("PUT is 405", 405, r => r.Method = HttpMethod.Put);
        yield return Headers("Content-Type text/plain is 415", 415, r => r.Content!.Headers.ContentType = new MediaTypeHeaderValue("text/plain"));
        yield return Headers("Content-Type form-urlencoded is 415", 415, r => r.Content!.Headers.ContentType = new MediaTypeHeaderValue("application/x-www-form-urlencoded"));
        yield return Headers("Content-Encoding br is 415", 415, r => r.Content!.Headers.ContentEncoding.Add("br"));
        yield return Headers("Content-Encoding deflate is 415", 415, r => r.Content!.Headers.ContentEncoding.Add("deflate"));
        yield return Headers("Content-Encoding gzip twice is 415", 415, r =>
        {
            r.Content!.Headers.ContentEncoding.Add("gzip");
            r.Content!.Headers.ContentEncoding.Add("gzip");
        });

        // Access keys: lengths 0, 1, 4096, 4097 bytes and near misses (all wrong for this server's key).
        yield return Headers("Empty access key (0 bytes) is 401", 401, r => Replace(r, FirehoseHeaderNames.AccessKey, string.Empty));
        yield return Headers("Access key of 1 byte is 401", 401, r => Replace(r, FirehoseHeaderNames.AccessKey, "e"));
        yield return Headers("Access key of 4096 bytes (the maximum) that is wrong is 401", 401, r => Replace(r, FirehoseHeaderNames.AccessKey, new string('k', 4096)));
        yield return Headers("Access key of 4097 bytes is 401", 401, r => Replace(r, FirehoseHeaderNames.AccessKey, new string('k', 4097)));
        yield return Headers("Access key that is a prefix of the real key is 401", 401, r => Replace(r, FirehoseHeaderNames.AccessKey, Deliveries.Key[..^1]));
        yield return Headers("Access key with one byte appended is 401", 401, r => Replace(r, FirehoseHeaderNames.AccessKey, Deliveries.Key + "x"));
        yield return Headers("Access key differing in case is 401", 401, r => Replace(r, FirehoseHeaderNames.AccessKey, Deliveries.Key.ToUpperInvariant()));
        yield return Headers("The valid access key sent twice is 401", 401, r => r.Headers.TryAddWithoutValidation(FirehoseHeaderNames.AccessKey, Deliveries.Key));

        // Common attributes.
        yield return Attributes("Common attributes that are not JSON are 400", BadRequest, "{commonAttributes:");
        yield return Attributes("Common attributes as an array are 400", BadRequest, "{\"commonAttributes\":[]}");
        yield return Attributes("A common attribute with a number value is 400", BadRequest, "{\"commonAttributes\":{\"a\":1}}");
        yield return Attributes("A common attribute with an object value is 400", BadRequest, "{\"commonAttributes\":{\"a\":{\"b\":\"c\"}}}");
        yield return Attributes("51 common attributes are 400", BadRequest, AttributesJson(51, 1, 1));
        yield return Attributes("A common attribute name of 257 characters is 400", BadRequest, AttributesJson(1, 257, 1));
        yield return Attributes("An empty common attribute name is 400", BadRequest, "{\"commonAttributes\":{\"\":\"v\"}}");
        yield return Attributes("A common attribute value of 1025 characters is 400", BadRequest, AttributesJson(1, 1, 1025));
        yield return Attributes("A duplicate common attribute name is 400", BadRequest, "{\"commonAttributes\":{\"a\":\"1\",\"a\":\"2\"}}");
        yield return Attributes("Common attributes followed by trailing garbage are 400", BadRequest, "{\"commonAttributes\":{}}x");
        yield return Attributes("50 common attributes at the maximum sizes (≈ 64 KiB of header) are accepted", 200, AttributesJson(50, 256, 1024));
        yield return Attributes("A 300 KiB common attributes header is refused by Kestrel with 431 before the endpoint runs", 431, AttributesJson(1, 1, 300 * 1024)) with { AnsweredByKestrel = true };
        yield return Headers("A 300 KiB access key header is refused by Kestrel with 431 before the endpoint runs", 431, r => Replace(r, FirehoseHeaderNames.AccessKey, new string('k', 300 * 1024))) with { AnsweredByKestrel = true };
    }

    private static HostileCase Attributes(string name, int status, string header)
        => Headers(name, status, r => Replace(r, FirehoseHeaderNames.CommonAttributes, header));

    internal static string AttributesJson(int count, int nameLength, int valueLength)
    {
        var json = new StringBuilder("{\"commonAttributes\":{");
        for (var i = 0; i < count; i++)
        {
            var name = i.ToString("D3", CultureInfo.InvariantCulture);
            json.Append(i == 0 ? "\"" : ",\"").Append(name).Append('n', Math.Max(0, nameLength - name.Length)).Append("\":\"").Append('v', valueLength).Append('"');
        }

        return json.Append("}}").ToString();
    }
}
