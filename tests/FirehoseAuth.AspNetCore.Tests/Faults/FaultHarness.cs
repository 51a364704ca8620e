using System.Diagnostics.Metrics;
using System.Security.Cryptography;
using FirehoseAuth.AspNetCore.Tests.Infrastructure;
using FirehoseAuth.AspNetCore.Tests.Secrecy;
using FirehoseAuth.Secrets;
using FirehoseAuth.Tests.Secrets.Fakes;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace FirehoseAuth.AspNetCore.Tests.Faults;

/// <summary>
/// One fault scenario end to end: the fake Secrets Manager over HTTP (random session credentials it verifies), the
/// real endpoint on Kestrel configured with <c>AddFirehoseAuth</c> for Secrets Manager, one simulated clock driven
/// timer by timer, a ledger of every answer and a capture of everything a secret could leak through.
/// </summary>
internal sealed class FaultHarness : IAsyncDisposable
{
    public const string SecretId = "firehose-endpoint-key";
    public static readonly DateTimeOffset Start = new(2030, 3, 1, 12, 0, 0, 900, TimeSpan.Zero);

    private readonly List<string> _secrets = [];
    private FirehoseTestServer? _server;

    private FaultHarness(TrackingTimeProvider time, FakeSecretsManager fake, AwsTestCredentials credentials, SecretCapture capture)
    {
        Time = time;
        Fake = fake;
        Credentials = credentials;
        Capture = capture;
        _secrets.Add(credentials.SecretAccessKey);
        _secrets.Add(credentials.SessionToken!);
    }

    public TrackingTimeProvider Time { get; }

    public FakeSecretsManager Fake { get; }

    public AwsTestCredentials Credentials { get; }

    public SecretCapture Capture { get; }

    public DeliveryLedger Ledger { get; } = new();

    public FirehoseTestServer Server => _server ?? throw new InvalidOperationException("not started");

    public SecretsManagerKeySetProvider Provider => Server.Services.GetRequiredService<SecretsManagerKeySetProvider>();

    public SecretsManagerOptions Options => Server.Services.GetRequiredService<IOptions<FirehoseAuthOptions>>().Value.SecretsManager;

    /// <summary>Gets every secret of the scenario: access keys stored or presented, the AWS secret key and session token.</summary>
    public IReadOnlyList<string> Secrets => _secrets;

    /// <summary>Returns a distinctive random key (base62) and, unless told otherwise, remembers it as a secret to search for.</summary>
    public string NewKey(int length = 40, bool remember = true)
    {
        var key = RandomNumberGenerator.GetString("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789", length);
        if (!remember)
        {
            return key;
        }

        lock (_secrets)
        {
            _secrets.Add(key);
        }

        return key;
    }

    /// <summary>Starts the fake; the receiver is started by <see cref="StartReceiverAsync"/>.</summary>
    public static async Task<FaultHarness> CreateAsync()
    {
        var time = new TrackingTimeProvider(Start);
        var credentials = new AwsTestCredentials(
            "AKID" + RandomNumberGenerator.GetHexString(16),
            RandomNumberGenerator.GetString("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/", 40),
            "IQoJ" + Convert.ToBase64String(RandomNumberGenerator.GetBytes(96)));
        var fake = await FakeSecretsManager.StartAsync(time, "us-east-1", credentials);
        return new FaultHarness(time, fake, credentials, new SecretCapture());
    }

    /// <summary>Stores a new <c>AWSCURRENT</c> version <c>{"api_key":"…"}</c> at the current simulated time.</summary>
    public FakeSecretVersion Rotate(string key) => Fake.PutSecretValue(SecretId, $"{{\"api_key\":\"{key}\"}}");

    /// <summary>Starts the receiver without waiting for the first key set (start-up wait zero).</summary>
    public async Task StartReceiverAsync(Action<SecretsManagerOptions>? configure = null)
    {
        _server = await FirehoseTestServer.StartAsync(
            o =>
            {
                o.SecretsManager.SecretId = SecretId;
                o.SecretsManager.ServiceUrl = Fake.Endpoint;
                o.SecretsManager.Region = Fake.Region;
                o.SecretsManager.StartupWaitTimeout = TimeSpan.Zero;
                configure?.Invoke(o.SecretsManager);
            },
            handler: (delivery, _) =>
            {
                Capture.Add("delivery ToString", delivery.ToString());
                Capture.Add("delivery common attributes", string.Join(',', delivery.CommonAttributes));
                return ValueTask.CompletedTask;
            },
            services: services =>
            {
                services.AddSingleton<TimeProvider>(Time);
                services.Configure<LoggerFilterOptions>(o =>
                {
                    o.Rules.Clear();
                    o.MinLevel = LogLevel.Trace;
                });
                services.AddSecretsManagerClient(Time, Credentials);
            });
        Capture.ListenTo(_server.Services.GetRequiredService<IMeterFactory>());
    }

    /// <summary>Gets a value indicating whether the receiver holds a key set.</summary>
    public bool Loaded => Provider.GetStatus().IsLoaded;

    /// <summary>Waits (real time, bounded) for the first key set, without moving the clock.</summary>
    public Task WaitForFirstLoadAsync() => Eventually.TrueAsync(() => Loaded && Fake.InFlight == 0 && !Provider.IsRefreshing, "the first key set");

    /// <summary>Steps timer by timer until <paramref name="until"/>, running <paramref name="between"/> after every step.</summary>
    public async Task<int> RunUntilAsync(DateTimeOffset until, Func<Task>? between = null)
    {
        var steps = 0;
        while (true)
        {
            var due = await Time.WaitForQuietAsync(() => Fake.InFlight > 0);
            if (due > until)
            {
                await Time.AdvanceInlineAsync(until - Time.GetUtcNow());
                return steps;
            }

            await Time.AdvanceInlineAsync(due - Time.GetUtcNow());
            steps++;
            if (between is not null)
            {
                await between();
            }
        }
    }

    /// <summary>Waits until no call is in flight, then moves the clock by <paramref name="delta"/> (timers due fire on the way).</summary>
    public async Task AdvanceAsync(TimeSpan delta)
    {
        await Time.WaitForQuietAsync(() => Fake.InFlight > 0 || Provider.IsRefreshing);
        await Time.AdvanceInlineAsync(delta);
    }

    /// <summary>
    /// Sends one delivery and records the answer. <paramref name="legitimate"/> is the test's knowledge: the receiver
    /// must accept this key (after its first load) and never accept a key that is not.
    /// </summary>
    public async Task<int> DeliverAsync(string? key, bool legitimate, string what, string? requestId = null, bool capture = true)
    {
        var afterFirstLoad = Loaded;
        requestId ??= Deliveries.NewRequestId();
        using var request = Deliveries.Request(requestId, Deliveries.Body(requestId, Deliveries.Utf8($"{{\"what\":\"{what}\"}}")), key: key);
        using var message = await Server.Client.SendAsync(request);
        if (capture)
        {
            await Capture.AddResponseAsync(message);
        }

        Assert.True(message.Content.Headers.ContentType is not null, $"a non-Firehose answer {(int)message.StatusCode} to '{what}': {await message.Content.ReadAsStringAsync()}");
        var response = await FirehoseResponse.ReadAsync(message);
        Assert.Equal(requestId, response.RequestId);
        Ledger.Record(legitimate, afterFirstLoad, response.StatusCode, what);
        return response.StatusCode;
    }

    /// <summary>Captures the host's logs and the library's objects, then asserts no secret leaked anywhere.</summary>
    public void AssertNoSecretLeaked()
    {
        Capture.AddLogs(Server.Logs);
        Capture.Add("key set ToString", Provider.Current?.ToString());
        Capture.Add("status ToString", Provider.GetStatus().ToString());
        Capture.Add("status last error", Provider.GetStatus().LastError);
        Capture.Add("options ToString", Server.Services.GetRequiredService<IOptions<FirehoseAuthOptions>>().Value.ToString());
        Capture.Add("secrets options ToString", Options.ToString());
        Assert.True(Server.Logs.Count > 0, "the sweep saw log records");
        Assert.True(Capture.Measurements > 0, "the sweep saw measurements");
        Capture.AssertNoLeakOf(Secrets);
    }

    public async ValueTask DisposeAsync()
    {
        if (_server is not null)
        {
            await _server.DisposeAsync();
        }

        await Fake.DisposeAsync();
        Capture.Dispose();
    }
}
