using System.Text;
using FirehoseAuth.AspNetCore.Tests.Infrastructure;

namespace FirehoseAuth.AspNetCore.Tests.Adversarial;

/// <summary>Small builders for hostile cases: a body template, and requests whose body or headers are replaced.</summary>
public static class HostileRequests
{
    public const int BadRequest = 400;

    /// <summary>A valid delivery of one record ("hello"), as text, for the given request id.</summary>
    public static string ValidJson(string requestId) => $$"""{"requestId":"{{requestId}}","timestamp":1700000000123,"records":[{"data":"aGVsbG8="}]}""";

    /// <summary>A case whose body is the given JSON text (UTF-8), with every Firehose header.</summary>
    public static HostileCase Json(string name, int status, Func<string, string> json)
        => new(name, status, id => Deliveries.Request(id, Encoding.UTF8.GetBytes(json(id))));

    /// <summary>A case whose body is the given bytes, with every Firehose header.</summary>
    public static HostileCase Bytes(string name, int status, Func<string, byte[]> body, string? contentEncoding = null)
        => new(name, status, id => Deliveries.Request(id, body(id), contentEncoding: contentEncoding));

    /// <summary>A case whose body is the valid delivery, with the record's base64 <c>data</c> replaced by <paramref name="data"/> (raw JSON string content).</summary>
    public static HostileCase Data(string name, int status, string data)
        => Json(name, status, id => $$"""{"requestId":"{{id}}","timestamp":1700000000123,"records":[{"data":"{{data}}"}]}""");

    /// <summary>A case whose body is the valid delivery with one member's raw JSON value replaced.</summary>
    public static HostileCase Member(string name, int status, string member, string rawValue)
        => Json(name, status, id =>
        {
            var requestId = member == "requestId" ? rawValue : $"\"{id}\"";
            var timestamp = member == "timestamp" ? rawValue : "1700000000123";
            var records = member == "records" ? rawValue : """[{"data":"aGVsbG8="}]""";
            return $$"""{"requestId":{{requestId}},"timestamp":{{timestamp}},"records":{{records}}}""";
        });

    /// <summary>The valid body with the given request; <paramref name="change"/> alters the message (headers) before it is sent.</summary>
    public static HostileCase Headers(string name, int status, Action<HttpRequestMessage> change, bool echoesHeaderRequestId = true)
        => new(name, status, id =>
        {
            var request = Deliveries.Request(id, Encoding.UTF8.GetBytes(ValidJson(id)));
            change(request);
            return request;
        })
        { EchoesHeaderRequestId = echoesHeaderRequestId };

    /// <summary>Replaces a request header's value (without validation, so hostile values go out as they are).</summary>
    public static void Replace(HttpRequestMessage request, string name, string value)
    {
        request.Headers.Remove(name);
        request.Headers.TryAddWithoutValidation(name, value);
    }
}
