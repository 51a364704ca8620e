using System.Net;
using System.Text.Json;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.Extensions.DependencyInjection;

namespace FirehoseAuth.Tests.Secrets.Fakes;

/// <summary>
/// A fake AWS Secrets Manager: a real HTTP server (Kestrel on 127.0.0.1, a free port) speaking the JSON 1.1 protocol
/// of <c>GetSecretValue</c>. It verifies every SigV4 signature with <see cref="SigV4Verifier"/> against the known test
/// credentials and its own clock, keeps versions with staging labels (rotating <c>AWSCURRENT</c>/<c>AWSPREVIOUS</c>
/// on <see cref="PutSecretValue"/>), records every call, and injects faults and latency on demand.
/// </summary>
public sealed partial class FakeSecretsManager : IAsyncDisposable
{
    public const string Service = "secretsmanager";
    public const string AccountId = "123456789012";
    public const string RedirectPath = "/redirected";

    private readonly Lock _lock = new();
    private readonly Dictionary<string, List<FakeSecretVersion>> _secrets = new(StringComparer.Ordinal);
    private readonly List<FakeSecretsManagerCall> _calls = [];
    private readonly Dictionary<string, AwsTestCredentials> _credentials;
    private readonly WebApplication _app;
    private TaskCompletionSource _gate = CompletedGate();
    private (FakeFault Fault, int StatusCode, string? ErrorType, string? Message, int Remaining) _fault;
    private int _inFlight;
    private int _versionCounter;

    private FakeSecretsManager(WebApplication app, TimeProvider clock, string region, IEnumerable<AwsTestCredentials> credentials)
    {
        _app = app;
        Clock = clock;
        Region = region;
        _credentials = credentials.ToDictionary(c => c.AccessKeyId, StringComparer.Ordinal);
    }

    /// <summary>Gets the base URL, for example <c>http://127.0.0.1:41234/</c>.</summary>
    public Uri Endpoint { get; private set; } = null!;

    /// <summary>Gets the fake's clock (signature window, <c>CreatedDate</c>).</summary>
    public TimeProvider Clock { get; }

    /// <summary>Gets the region requests must be scoped to.</summary>
    public string Region { get; }

    /// <summary>Gets the number of requests received and not yet answered.</summary>
    public int InFlight => Volatile.Read(ref _inFlight);

    /// <summary>Gets a snapshot of the calls answered so far.</summary>
    public IReadOnlyList<FakeSecretsManagerCall> Calls
    {
        get
        {
            lock (_lock)
            {
                return [.. _calls];
            }
        }
    }

    /// <summary>Starts the fake on 127.0.0.1 with a free port.</summary>
    /// <param name="clock">The fake's clock (usually the test's <c>FakeTimeProvider</c>).</param>
    /// <param name="region">The region requests must be signed for.</param>
    /// <param name="credentials">The credentials it accepts; <see cref="AwsTestCredentials.Default"/> when none are given.</param>
    public static async Task<FakeSecretsManager> StartAsync(TimeProvider clock, string region = "us-east-1", params AwsTestCredentials[] credentials)
    {
        ArgumentNullException.ThrowIfNull(clock);
        var builder = WebApplication.CreateEmptyBuilder(new WebApplicationOptions());
        builder.WebHost.UseKestrelCore().ConfigureKestrel(options => options.Listen(IPAddress.Loopback, 0));
        var app = builder.Build();
        var fake = new FakeSecretsManager(app, clock, region, credentials.Length == 0 ? [AwsTestCredentials.Default] : credentials);
        app.Run(fake.HandleAsync);
        await app.StartAsync();
        var address = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
        fake.Endpoint = new Uri(address.EndsWith('/') ? address : address + "/");
        return fake;
    }

    /// <summary>Stores a new version as <c>AWSCURRENT</c> (created at the fake's clock), moving the old one to <c>AWSPREVIOUS</c>.</summary>
    public FakeSecretVersion PutSecretValue(string secretId, string secretString)
    {
        lock (_lock)
        {
            if (!_secrets.TryGetValue(secretId, out var versions))
            {
                _secrets[secretId] = versions = [];
            }

            var version = new FakeSecretVersion
            {
                VersionId = $"{++_versionCounter:D8}-0000-4000-8000-000000000000",
                SecretString = secretString,
                CreatedDate = Clock.GetUtcNow(),
            };

            foreach (var old in versions)
            {
                old.Stages.Remove("AWSPREVIOUS");
            }

            foreach (var old in versions.Where(v => v.Stages.Remove("AWSCURRENT")))
            {
                old.Stages.Add("AWSPREVIOUS");
            }

            version.Stages.Add("AWSCURRENT");
            versions.Add(version);
            return version;
        }
    }

    /// <summary>Gets the ARN the fake gives a secret.</summary>
    public string ArnOf(string secretId) => $"arn:aws:secretsmanager:{Region}:{AccountId}:secret:{secretId}-AbCdEf";

    /// <summary>Injects <paramref name="fault"/> into the next <paramref name="times"/> requests.</summary>
    public void InjectFault(FakeFault fault, int times = int.MaxValue)
    {
        lock (_lock)
        {
            _fault = (fault, 0, null, null, times);
        }
    }

    /// <summary>Answers the next <paramref name="times"/> requests with an arbitrary AWS error.</summary>
    public void InjectError(int statusCode, string errorType, string message, int times = int.MaxValue)
    {
        lock (_lock)
        {
            _fault = (FakeFault.None, statusCode, errorType, message, times);
        }
    }

    /// <summary>Stops injecting faults.</summary>
    public void ClearFaults() => InjectFault(FakeFault.None, 0);

    /// <summary>Holds every request (before it is answered) until <see cref="ReleaseRequests"/>: injected latency.</summary>
    public void HoldRequests()
    {
        lock (_lock)
        {
            if (_gate.Task.IsCompleted)
            {
                _gate = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
            }
        }
    }

    /// <summary>Releases the requests held by <see cref="HoldRequests"/>.</summary>
    public void ReleaseRequests()
    {
        lock (_lock)
        {
            _gate.TrySetResult();
        }
    }

    /// <summary>Counts the <c>GetSecretValue</c> calls, optionally of one staging label.</summary>
    public int GetSecretValueCalls(string? versionStage = null)
        => Calls.Count(c => c.IsGetSecretValue && (versionStage is null || c.VersionStage == versionStage));

    public async ValueTask DisposeAsync()
    {
        ReleaseRequests();
        await _app.StopAsync();
        await _app.DisposeAsync();
    }

    private static TaskCompletionSource CompletedGate()
    {
        var gate = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        gate.SetResult();
        return gate;
    }

    private static async Task WriteJsonAsync(HttpContext context, int statusCode, Action<Utf8JsonWriter> write)
    {
        using var buffer = new MemoryStream();
        using (var writer = new Utf8JsonWriter(buffer))
        {
            write(writer);
        }

        context.Response.StatusCode = statusCode;
        context.Response.ContentType = "application/x-amz-json-1.1";
        context.Response.ContentLength = buffer.Length;
        await context.Response.Body.WriteAsync(buffer.ToArray());
    }

    private static Task WriteErrorAsync(HttpContext context, int statusCode, string errorType, string message)
        => WriteJsonAsync(context, statusCode, w =>
        {
            w.WriteStartObject();
            w.WriteString("__type", errorType);
            w.WriteString("message", message);
            w.WriteEndObject();
        });

    private async Task HandleAsync(HttpContext context)
    {
        Interlocked.Increment(ref _inFlight);
        var request = context.Request;
        string? secretId = null, stage = null, errorType = null;
        var status = 0;
        try
        {
            using var body = new MemoryStream();
            await request.Body.CopyToAsync(body);
            var bodyBytes = body.ToArray();
            (secretId, stage) = PeekRequest(bodyBytes); // recorded even when a fault answers the call

            Task gate;
            lock (_lock)
            {
                gate = _gate.Task;
            }

            await gate;

            var fault = TakeFault();
            if (fault.Fault != FakeFault.None || fault.ErrorType is not null)
            {
                (status, errorType) = await AnswerFaultAsync(context, fault);
                return;
            }

            if (request.Path == RedirectPath)
            {
                (status, errorType) = (404, "UnknownOperationException");
                await WriteErrorAsync(context, status, errorType, "Redirect targets are not a Secrets Manager API.");
                return;
            }

            var rawTarget = context.Features.Get<IHttpRequestFeature>()?.RawTarget ?? "/";
            var queryStart = rawTarget.IndexOf('?', StringComparison.Ordinal);
            var headers = request.Headers.SelectMany(h => h.Value.Select(v => new KeyValuePair<string, string>(h.Key, v ?? string.Empty))).ToList();
            var sigV4Request = new SigV4Request(
                request.Method,
                queryStart < 0 ? rawTarget : rawTarget[..queryStart],
                queryStart < 0 ? string.Empty : rawTarget[(queryStart + 1)..],
                headers,
                bodyBytes);
            var verification = SigV4Verifier.Verify(sigV4Request, id => _credentials.GetValueOrDefault(id), Region, Service, Clock.GetUtcNow());
            if (!verification.IsValid)
            {
                (status, errorType) = (403, verification.ErrorType);
                await WriteErrorAsync(context, status, errorType!, verification.Message!);
                return;
            }

            if (request.Headers["X-Amz-Target"] != "secretsmanager.GetSecretValue" || request.Method != "POST")
            {
                (status, errorType) = (400, "UnknownOperationException");
                await WriteErrorAsync(context, status, errorType, "The operation is not supported by the fake.");
                return;
            }

            if (request.ContentType != "application/x-amz-json-1.1")
            {
                (status, errorType) = (400, "SerializationException");
                await WriteErrorAsync(context, status, errorType, "Content-Type must be application/x-amz-json-1.1.");
                return;
            }

            string? versionId = null;
            try
            {
                using var document = JsonDocument.Parse(bodyBytes);
                var root = document.RootElement;
                secretId = root.TryGetProperty("SecretId", out var id) ? id.GetString() : null;
                stage = root.TryGetProperty("VersionStage", out var s) ? s.GetString() : null;
                versionId = root.TryGetProperty("VersionId", out var v) ? v.GetString() : null;
            }
            catch (Exception ex) when (ex is JsonException or InvalidOperationException)
            {
                (status, errorType) = (400, "SerializationException");
                await WriteErrorAsync(context, status, errorType, "The request body is not valid JSON.");
                return;
            }

            if (string.IsNullOrEmpty(secretId))
            {
                (status, errorType) = (400, "InvalidParameterException");
                await WriteErrorAsync(context, status, errorType, "SecretId is required.");
                return;
            }

            stage ??= versionId is null ? "AWSCURRENT" : null;
            (status, errorType) = await AnswerSecretAsync(context, secretId, stage, versionId);
        }
        finally
        {
            lock (_lock)
            {
                _calls.Add(new FakeSecretsManagerCall(
                    request.Headers["X-Amz-Target"].FirstOrDefault(),
                    secretId,
                    stage,
                    status,
                    errorType,
                    request.Headers["X-Amz-Date"].FirstOrDefault(),
                    request.Headers["X-Amz-Security-Token"].FirstOrDefault(),
                    request.Headers.ContentType.FirstOrDefault()));
            }

            Interlocked.Decrement(ref _inFlight);
        }
    }

    private async Task<(int Status, string? ErrorType)> AnswerSecretAsync(HttpContext context, string secretId, string? stage, string? versionId)
    {
        FakeSecretVersion? version = null;
        string name = secretId;
        string? notFound = null;
        string[] stages = [];
        lock (_lock)
        {
            var entry = _secrets.FirstOrDefault(s => s.Key == secretId || ArnOf(s.Key) == secretId);
            if (entry.Value is null)
            {
                notFound = "Secrets Manager can't find the specified secret.";
            }
            else
            {
                name = entry.Key;
                version = entry.Value.FirstOrDefault(v => (stage is null || v.Stages.Contains(stage)) && (versionId is null || v.VersionId == versionId));
                notFound = version is null
                    ? $"Secrets Manager can't find the specified secret value for {(stage is not null ? $"staging label: {stage}" : $"VersionId: {versionId}")}"
                    : null;
                stages = version is null ? [] : [.. version.Stages];
            }
        }

        if (version is null)
        {
            // Secrets Manager answers every client error with HTTP 400.
            await WriteErrorAsync(context, 400, "ResourceNotFoundException", notFound!);
            return (400, "ResourceNotFoundException");
        }

        await WriteJsonAsync(context, 200, w =>
        {
            w.WriteStartObject();
            w.WriteString("ARN", ArnOf(name));
            w.WriteString("Name", name);
            w.WriteString("VersionId", version.VersionId);
            w.WriteString("SecretString", version.SecretString);
            w.WriteStartArray("VersionStages");
            foreach (var s in stages)
            {
                w.WriteStringValue(s);
            }

            w.WriteEndArray();
            w.WriteNumber("CreatedDate", version.CreatedDate.ToUnixTimeMilliseconds() / 1000.0);
            w.WriteEndObject();
        });
        return (200, null);
    }
}
