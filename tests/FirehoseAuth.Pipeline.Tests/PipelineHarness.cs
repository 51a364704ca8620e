using System.Buffers;
using System.Text;
using System.Text.Json;
using FirehoseAuth.Authentication;
using FirehoseAuth.Protocol;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Testing;
using Microsoft.Extensions.Primitives;
using Microsoft.Extensions.Time.Testing;

namespace FirehoseAuth.Pipeline.Tests;

/// <summary>A container with FirehoseAuth and a fake clock and logger, and requests built as Firehose sends them.</summary>
internal sealed class PipelineHarness : IDisposable
{
    public const string Key = "pipeline-test-key-0123456789abcdef";
    public const string OtherKey = "another-stream-key-fedcba9876543210";
    public const string SourceArn = "arn:aws:firehose:us-east-1:123456789012:deliverystream/logs";
    public static readonly DateTimeOffset Now = new(2026, 12, 4, 12, 0, 0, TimeSpan.Zero);

    private PipelineHarness(ServiceProvider services, FakeTimeProvider time, FakeLogCollector logs)
    {
        Services = services;
        Time = time;
        Logs = logs;
    }

    public ServiceProvider Services { get; }

    public FakeTimeProvider Time { get; }

    public FakeLogCollector Logs { get; }

    public static PipelineHarness Create(Action<FirehoseAuthOptions>? configure = null, Action<IServiceCollection>? more = null)
    {
        var time = new FakeTimeProvider(Now);
        var services = new ServiceCollection()
            .AddSingleton<TimeProvider>(time)
            .AddLogging(b => b.SetMinimumLevel(LogLevel.Debug).AddFakeLogging());
        if (configure is not null)
        {
            services.AddFirehoseAuth(o =>
            {
                o.AccessKey = Key;
                configure(o);
            });
        }

        more?.Invoke(services);
        var provider = services.BuildServiceProvider();
        return new PipelineHarness(provider, time, provider.GetRequiredService<FakeLogCollector>());
    }

    public FirehoseDeliveryPipeline Pipeline(string? stream = null)
        => stream is null ? Services.GetRequiredService<FirehoseDeliveryPipeline>() : Services.GetRequiredKeyedService<FirehoseDeliveryPipeline>(stream);

    public static string NewRequestId() => Guid.NewGuid().ToString();

    public static byte[] Body(string requestId, params string[] records)
    {
        var json = new StringBuilder($"{{\"requestId\":\"{requestId}\",\"timestamp\":1700000000000,\"records\":[");
        for (var i = 0; i < records.Length; i++)
        {
            json.Append(i == 0 ? "" : ",").Append("{\"data\":\"").Append(Convert.ToBase64String(Encoding.UTF8.GetBytes(records[i]))).Append("\"}");
        }

        return Encoding.UTF8.GetBytes(json.Append("]}").ToString());
    }

    public static Dictionary<string, StringValues> Headers(string requestId, string? key = Key)
    {
        var headers = new Dictionary<string, StringValues>(StringComparer.OrdinalIgnoreCase)
        {
            [FirehoseHeaderNames.ProtocolVersion] = "1.0",
            [FirehoseHeaderNames.RequestId] = requestId,
            [FirehoseHeaderNames.SourceArn] = SourceArn,
            ["Content-Type"] = "application/json",
        };
        if (key is not null)
        {
            headers[FirehoseHeaderNames.AccessKey] = key;
        }

        return headers;
    }

    public static TestRequest Request(string requestId, byte[] body, string? key = Key, string method = "POST", Action<Dictionary<string, StringValues>>? edit = null)
    {
        var headers = Headers(requestId, key);
        edit?.Invoke(headers);
        return new TestRequest(method, headers, new TrackingPipeReader(body), body: null, body.Length);
    }

    public static async Task<Answer> SendAsync(FirehoseDeliveryPipeline pipeline, TestRequest request, IFirehoseDeliveryHandler handler)
    {
        var buffer = new ArrayBufferWriter<byte>();
        var result = await pipeline.ProcessAsync(request, handler, buffer, CancellationToken.None);
        return new Answer(result, buffer.WrittenSpan.ToArray());
    }

    public void Dispose() => Services.Dispose();

    public sealed record Answer(FirehosePipelineResult Result, byte[] Body)
    {
        public int Status => Result.StatusCode;

        public JsonElement Json => JsonDocument.Parse(Body).RootElement;

        public string? RequestId => Json.TryGetProperty("requestId", out var id) ? id.GetString() : null;

        public string? ErrorMessage => Json.TryGetProperty("errorMessage", out var message) ? message.GetString() : null;
    }
}

/// <summary>A handler that records what it saw, and fails when asked.</summary>
internal sealed class RecordingHandler : IFirehoseDeliveryHandler
{
    private readonly Exception? _fail;

    public RecordingHandler(Exception? fail = null) => _fail = fail;

    public List<string> Records { get; } = [];

    public List<FirehoseDeliveryContext> Contexts { get; } = [];

    /// <summary>(request id, source ARN) of each delivery, read while it was valid.</summary>
    public List<(string RequestId, string? SourceArn)> Deliveries { get; } = [];

    public int Calls { get; private set; }

    public ValueTask HandleAsync(FirehoseDeliveryContext context)
    {
        Calls++;
        Contexts.Add(context);
        Deliveries.Add((context.Delivery.RequestId, context.Delivery.SourceArn));
        foreach (var record in context.Delivery.Records)
        {
            Records.Add(Encoding.UTF8.GetString(record.Span));
        }

        return _fail is null ? ValueTask.CompletedTask : ValueTask.FromException(_fail);
    }
}

/// <summary>A key source that has not loaded any key set yet.</summary>
internal sealed class NotLoadedKeySource : IAccessKeySetProvider
{
    public AccessKeySet? Current => null;

    public void OnUnknownKey()
    {
    }
}
