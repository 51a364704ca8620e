using System.IO.Compression;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;
using FirehoseAuth.Protocol;

namespace FirehoseAuth.AspNetCore.Tests.Infrastructure;

/// <summary>Builds deliveries the way Firehose sends them (independently of the library's parser).</summary>
public static class Deliveries
{
    public const string Key = "endpoint-test-key-9b8e7d";
    public const string SourceArn = "arn:aws:firehose:us-east-1:123456789012:deliverystream/test-stream";
    public const long Timestamp = 1_700_000_000_123;

    public static string NewRequestId() => Guid.NewGuid().ToString();

    public static byte[] Body(string requestId, params byte[][] records) => Body(requestId, Timestamp, records);

    public static byte[] Body(string requestId, long timestamp, params byte[][] records)
    {
        using var stream = new MemoryStream();
        using (var json = new Utf8JsonWriter(stream))
        {
            json.WriteStartObject();
            json.WriteString("requestId", requestId);
            json.WriteNumber("timestamp", timestamp);
            json.WriteStartArray("records");
            foreach (var record in records)
            {
                json.WriteStartObject();
                json.WriteBase64String("data", record);
                json.WriteEndObject();
            }

            json.WriteEndArray();
            json.WriteEndObject();
        }

        return stream.ToArray();
    }

    public static byte[] Gzip(byte[] body)
    {
        using var output = new MemoryStream();
        using (var gzip = new GZipStream(output, CompressionLevel.Fastest))
        {
            gzip.Write(body);
        }

        return output.ToArray();
    }

    /// <summary>A POST with Firehose's headers; pass <see langword="null"/> to leave a header out.</summary>
    public static HttpRequestMessage Request(
        string requestId,
        HttpContent content,
        string? key = Key,
        string? sourceArn = SourceArn,
        string? commonAttributes = null,
        string? contentType = "application/json",
        string? contentEncoding = null,
        HttpMethod? method = null)
    {
        var request = new HttpRequestMessage(method ?? HttpMethod.Post, FirehoseTestServer.Path) { Content = content };
        request.Headers.Add(FirehoseHeaderNames.ProtocolVersion, "1.0");
        request.Headers.Add(FirehoseHeaderNames.RequestId, requestId);
        if (key is not null)
        {
            request.Headers.TryAddWithoutValidation(FirehoseHeaderNames.AccessKey, key);
        }

        if (sourceArn is not null)
        {
            request.Headers.Add(FirehoseHeaderNames.SourceArn, sourceArn);
        }

        if (commonAttributes is not null)
        {
            request.Headers.TryAddWithoutValidation(FirehoseHeaderNames.CommonAttributes, commonAttributes);
        }

        if (contentType is not null)
        {
            content.Headers.ContentType = MediaTypeHeaderValue.Parse(contentType);
        }

        if (contentEncoding is not null)
        {
            content.Headers.ContentEncoding.Add(contentEncoding);
        }

        return request;
    }

    public static HttpRequestMessage Request(string requestId, byte[] body, string? key = Key, string? sourceArn = SourceArn, string? commonAttributes = null, string? contentType = "application/json", string? contentEncoding = null)
        => Request(requestId, new ByteArrayContent(body), key, sourceArn, commonAttributes, contentType, contentEncoding);

    public static byte[] Utf8(string text) => Encoding.UTF8.GetBytes(text);
}
