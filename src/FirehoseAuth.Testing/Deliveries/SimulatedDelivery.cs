using System.IO.Compression;
using System.Net.Http.Headers;
using FirehoseAuth.Protocol;

namespace FirehoseAuth.Testing;

/// <summary>
/// One delivery exactly as Amazon Data Firehose writes it to an HTTP endpoint: a compact JSON body
/// <c>{"requestId":"…","timestamp":&lt;ms&gt;,"records":[{"data":"&lt;base64&gt;"},…]}</c>, the request id in the
/// <c>X-Amz-Firehose-Request-Id</c> header and in the body, the protocol version, source ARN and common-attributes
/// headers, and optionally <c>Content-Encoding: gzip</c>.
/// </summary>
/// <remarks>
/// A delivery is immutable once built; every retry of it sends the same request id and the same bytes. The records
/// are not copied: do not change the memory they point to while the delivery is in use.
/// </remarks>
public sealed class SimulatedDelivery
{
    /// <summary>The source ARN used when none is given: a delivery stream in a documentation account.</summary>
    public const string DefaultSourceArn = "arn:aws:firehose:us-east-1:123456789012:deliverystream/firehose-sim";

    private byte[]? _json;
    private byte[]? _gzipped;

    /// <summary>Creates a delivery of <paramref name="records"/> with a new request id, stamped now by <paramref name="timeProvider"/>.</summary>
    /// <param name="records">The records (their raw bytes; the delivery base64-encodes them). Firehose sends 1 to 10,000.</param>
    /// <param name="timeProvider">The clock for <see cref="Timestamp"/>; <see cref="TimeProvider.System"/> when <see langword="null"/>.</param>
    public SimulatedDelivery(IReadOnlyList<ReadOnlyMemory<byte>> records, TimeProvider? timeProvider = null)
    {
        ArgumentNullException.ThrowIfNull(records);
        Records = records;
        Timestamp = (timeProvider ?? TimeProvider.System).GetUtcNow();
    }

    /// <summary>Gets the records, in order.</summary>
    public IReadOnlyList<ReadOnlyMemory<byte>> Records { get; }

    /// <summary>Gets the request id sent in the header and the body.</summary>
    /// <value>The default value is a new GUID in its 36-character form.</value>
    public string RequestId { get; init; } = Guid.NewGuid().ToString();

    /// <summary>Gets the delivery's timestamp, written in Unix milliseconds.</summary>
    /// <value>The default value is the time the delivery was created.</value>
    public DateTimeOffset Timestamp { get; init; }

    /// <summary>Gets the <c>X-Amz-Firehose-Source-Arn</c> header; <see langword="null"/> omits the header.</summary>
    /// <value>The default value is <see cref="DefaultSourceArn"/>.</value>
    public string? SourceArn { get; init; } = DefaultSourceArn;

    /// <summary>Gets the common attributes, sent as <c>X-Amz-Firehose-Common-Attributes: {"commonAttributes":{…}}</c>; <see langword="null"/> or empty omits the header.</summary>
    /// <value>The default value is <see langword="null"/>.</value>
    public IReadOnlyDictionary<string, string>? CommonAttributes { get; init; }

    /// <summary>Gets a value indicating whether the body is gzip'd and sent with <c>Content-Encoding: gzip</c>.</summary>
    /// <value>The default value is <see langword="false"/>.</value>
    public bool Gzip { get; init; }

    /// <summary>Gets the JSON body before compression (built once, then shared: do not change it).</summary>
    public ReadOnlyMemory<byte> Json => _json ??= FirehoseJson.WriteBody(RequestId, Timestamp, Records);

    /// <summary>Gets the bytes sent on the wire: <see cref="Json"/>, gzip'd when <see cref="Gzip"/> is set (built once, then shared).</summary>
    public ReadOnlyMemory<byte> Body => Gzip ? (_gzipped ??= Compress(Json.Span)) : Json;

    /// <summary>Gets the sum of the records' decoded lengths.</summary>
    public long RecordBytes
    {
        get
        {
            long total = 0;
            foreach (var record in Records)
            {
                total += record.Length;
            }

            return total;
        }
    }

    /// <summary>
    /// Creates the HTTP request Firehose would send for this delivery: <c>POST</c>, the Firehose headers,
    /// <c>Content-Type: application/json</c> and, when <see cref="Gzip"/> is set, <c>Content-Encoding: gzip</c>.
    /// </summary>
    /// <param name="endpoint">The receiver's URL.</param>
    /// <param name="accessKey">The <c>X-Amz-Firehose-Access-Key</c> header; <see langword="null"/> omits it.</param>
    /// <returns>A new request (the caller disposes it); its content shares <see cref="Body"/>.</returns>
    public HttpRequestMessage CreateRequest(Uri endpoint, string? accessKey)
    {
        ArgumentNullException.ThrowIfNull(endpoint);
        var request = new HttpRequestMessage(HttpMethod.Post, endpoint);
        request.Headers.TryAddWithoutValidation(FirehoseHeaderNames.ProtocolVersion, "1.0");
        request.Headers.TryAddWithoutValidation(FirehoseHeaderNames.RequestId, RequestId);
        if (accessKey is not null)
        {
            request.Headers.TryAddWithoutValidation(FirehoseHeaderNames.AccessKey, accessKey);
        }

        if (SourceArn is not null)
        {
            request.Headers.TryAddWithoutValidation(FirehoseHeaderNames.SourceArn, SourceArn);
        }

        if (CommonAttributes is { Count: > 0 } attributes)
        {
            request.Headers.TryAddWithoutValidation(FirehoseHeaderNames.CommonAttributes, FirehoseJson.WriteCommonAttributes(attributes));
        }

        var content = new ReadOnlyMemoryContent(Body);
        content.Headers.ContentType = new MediaTypeHeaderValue("application/json");
        if (Gzip)
        {
            content.Headers.ContentEncoding.Add("gzip");
        }

        request.Content = content;
        return request;
    }

    private static byte[] Compress(ReadOnlySpan<byte> json)
    {
        using var output = new MemoryStream(json.Length / 4 + 64);
        using (var gzip = new GZipStream(output, CompressionLevel.Fastest, leaveOpen: true))
        {
            gzip.Write(json);
        }

        return output.ToArray();
    }
}
