using System.IO.Pipelines;
using System.Text;
using System.Text.Json;
using BenchmarkDotNet.Attributes;
using FirehoseAuth.AspNetCore;
using FirehoseAuth.Benchmarks.Protocol;
using FirehoseAuth.Protocol;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.Extensions.DependencyInjection;

namespace FirehoseAuth.Benchmarks.Host;

/// <summary>
/// The endpoint's own request path (everything between Kestrel and the handler) on a reused <see cref="HttpContext"/>:
/// an accepted delivery and an unauthenticated one, against the naive minimal-API way (<c>Baseline</c>).
/// Kestrel's own per-request cost is not included (see the load test for end to end).
/// </summary>
[MemoryDiagnoser]
public class EndpointBenchmarks
{
    private const string Key = "benchmark-access-key-0123456789abcdef";

    private FirehoseEndpoint _endpoint = null!;
    private DefaultHttpContext _context = null!;
    private ReplayPipeReader _reader = null!;
    private byte[] _body = null!;
    private string _requestId = null!;

    [Params(10, 500)]
    public int Records { get; set; }

    [GlobalSetup]
    public void Setup()
    {
        var services = new ServiceCollection().AddLogging().AddFirehoseAuth(o => o.AccessKey = Key).BuildServiceProvider();
        _endpoint = new FirehoseEndpoint(services, FirehoseAuthOptions.DefaultStreamName, new DelegateDeliveryHandler(static (_, _) => ValueTask.CompletedTask));
        _requestId = Guid.NewGuid().ToString();
        var record = Convert.ToBase64String(Encoding.UTF8.GetBytes("{\"level\":\"info\",\"message\":\"" + new string('x', 900) + "\"}"));
        var body = new StringBuilder($"{{\"requestId\":\"{_requestId}\",\"timestamp\":1700000000000,\"records\":[");
        for (var i = 0; i < Records; i++)
        {
            body.Append(i == 0 ? "" : ",").Append("{\"data\":\"").Append(record).Append("\"}");
        }

        _body = Encoding.UTF8.GetBytes(body.Append("]}").ToString());
        _reader = new ReplayPipeReader(_body);
        _context = new DefaultHttpContext();
        _context.Features.Set<IRequestBodyPipeFeature>(new BodyFeature(_reader));
        _context.Request.Method = HttpMethods.Post;
        _context.Request.ContentType = "application/json";
        _context.Request.ContentLength = _body.Length;
        _context.Request.Headers[FirehoseHeaderNames.RequestId] = _requestId;
        _context.Request.Headers[FirehoseHeaderNames.SourceArn] = "arn:aws:firehose:us-east-1:123456789012:deliverystream/bench";
        _context.Response.Body = Stream.Null;

        if (Accepted().GetAwaiter().GetResult() != 200 || Unauthenticated().GetAwaiter().GetResult() != 401 || Naive().GetAwaiter().GetResult() != 200)
        {
            throw new InvalidOperationException("The benchmark setup does not produce the expected answers.");
        }
    }

    [Benchmark(Baseline = true, Description = "naive minimal API (string key compare, JsonDocument, FromBase64String)")]
    public async ValueTask<int> Naive()
    {
        Reset(Key);
        var request = _context.Request;
        if (request.Headers[FirehoseHeaderNames.AccessKey] != Key)
        {
            return 401;
        }

        using var document = await JsonDocument.ParseAsync(new MemoryStream(_body));
        var records = new List<byte[]>();
        foreach (var record in document.RootElement.GetProperty("records").EnumerateArray())
        {
            records.Add(Convert.FromBase64String(record.GetProperty("data").GetString()!));
        }

        _context.Response.StatusCode = 200;
        _context.Response.ContentType = "application/json";
        await JsonSerializer.SerializeAsync(_context.Response.Body, new NaiveResponse(document.RootElement.GetProperty("requestId").GetString()!, DateTimeOffset.UtcNow.ToUnixTimeMilliseconds()));
        return records.Count > 0 ? 200 : 400;
    }

    [Benchmark(Description = "MapFirehoseEndpoint path, accepted")]
    public async ValueTask<int> Accepted()
    {
        Reset(Key);
        await _endpoint.InvokeAsync(_context);
        return _context.Response.StatusCode;
    }

    [Benchmark(Description = "MapFirehoseEndpoint path, wrong key (401, body unread)")]
    public async ValueTask<int> Unauthenticated()
    {
        Reset("benchmark-access-key-0123456789abcdeX");
        await _endpoint.InvokeAsync(_context);
        return _context.Response.StatusCode;
    }

    private void Reset(string key)
    {
        _reader.Reset();
        _context.Request.Headers[FirehoseHeaderNames.AccessKey] = key;
        _context.Response.StatusCode = 200;
        _context.Response.Headers.Clear();
    }

    private sealed record NaiveResponse(string RequestId, long Timestamp);

    private sealed class BodyFeature(PipeReader reader) : IRequestBodyPipeFeature
    {
        public PipeReader Reader { get; } = reader;
    }
}
