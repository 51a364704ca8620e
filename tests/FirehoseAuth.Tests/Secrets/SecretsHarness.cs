using FirehoseAuth.Diagnostics;
using FirehoseAuth.Secrets;
using FirehoseAuth.Tests.Secrets.Fakes;
using Microsoft.Extensions.Logging.Testing;

namespace FirehoseAuth.Tests.Secrets;

/// <summary>
/// One scenario's world: a <see cref="TrackingTimeProvider"/>, the fake Secrets Manager on that clock, the real client
/// talking to it over HTTP, and providers built on them. Disposes everything it created.
/// </summary>
internal sealed class SecretsHarness : IAsyncDisposable
{
    public const string SecretId = "firehose-integration";
    public const string Region = "us-east-1";

    private readonly List<SecretsManagerKeySetProvider> _providers = [];
    private readonly List<SecretsManagerClient> _clients = [];

    private SecretsHarness(TrackingTimeProvider time, FakeSecretsManager fake, FirehoseAuthOptions options, Func<double> random)
    {
        Time = time;
        Fake = fake;
        Options = options;
        Random = random;
        Metrics = new FirehoseAuthMetrics(Meters);
    }

    public TrackingTimeProvider Time { get; }

    public FakeSecretsManager Fake { get; }

    public FirehoseAuthOptions Options { get; }

    public Func<double> Random { get; }

    public FakeLogCollector Logs { get; } = new();

    public TestMeterFactory Meters { get; } = new();

    public FirehoseAuthMetrics Metrics { get; }

    public FakeHttpClientFactory HttpClientFactory { get; } = new();

    public static async Task<SecretsHarness> StartAsync(Action<FirehoseAuthOptions>? configure = null, Func<double>? random = null)
    {
        var time = new TrackingTimeProvider();
        var fake = await FakeSecretsManager.StartAsync(time, Region);
        var options = new FirehoseAuthOptions();
        options.SecretsManager.SecretId = SecretId;
        options.SecretsManager.ServiceUrl = fake.Endpoint;
        options.SecretsManager.Region = Region;
        configure?.Invoke(options);
        return new SecretsHarness(time, fake, options, random ?? (() => 0.5));
    }

    public SecretsManagerClient CreateClient(AwsTestCredentials? credentials = null, TimeProvider? clock = null, IHttpClientFactory? httpClientFactory = null)
    {
        var client = new SecretsManagerClient(
            httpClientFactory ?? HttpClientFactory,
            Microsoft.Extensions.Options.Options.Create(Options),
            clock ?? Time,
            new FakeLogger<SecretsManagerClient>(Logs),
            (credentials ?? AwsTestCredentials.Default).ToSdk(),
            Random,
            getEnvironmentVariable: _ => null);
        lock (_providers)
        {
            _clients.Add(client);
        }

        return client;
    }

    public SecretsManagerKeySetProvider CreateProvider(ISecretValueSource? source = null)
    {
        var provider = new SecretsManagerKeySetProvider(
            source ?? CreateClient(),
            Microsoft.Extensions.Options.Options.Create(Options),
            Time,
            new FakeLogger<SecretsManagerKeySetProvider>(Logs),
            Metrics,
            Random);
        lock (_providers)
        {
            _providers.Add(provider);
        }

        return provider;
    }

    /// <summary>Starts a provider and drives it until its first key set is published.</summary>
    public async Task<SecretsManagerKeySetProvider> StartLoadedProviderAsync()
    {
        var provider = CreateProvider();
        provider.Start();
        await Eventually.TrueAsync(() => provider.Current is not null, "the first key set");
        return provider;
    }

    /// <summary>
    /// Gets a value indicating whether some provider is refreshing without any call waiting out a retry backoff: the
    /// refresh is between two steps (about to send), so the clock must not move yet.
    /// </summary>
    public bool IsBusy
    {
        get
        {
            lock (_providers)
            {
                return _providers.Any(p => p.IsRefreshing) && _clients.Sum(c => c.RetryDelaysPending) == 0;
            }
        }
    }

    /// <summary>Waits until quiet (no attempt in flight, no refresh between steps), then advances to the next delay.</summary>
    public Task<TimeSpan> AdvanceToNextDelayAsync() => Time.AdvanceToNextDelayAsync(() => IsBusy);

    /// <summary>
    /// Checks <paramref name="condition"/> whenever the system is quiet and otherwise advances to the next scheduled
    /// delay, at most <paramref name="maxSteps"/> times.
    /// </summary>
    public async Task AdvanceUntilAsync(Func<bool> condition, int maxSteps = 100)
    {
        for (var step = 0; ; step++)
        {
            var due = await Time.WaitForQuietAsync(() => IsBusy);
            if (condition())
            {
                return;
            }

            if (step == maxSteps)
            {
                throw new TimeoutException($"The condition did not hold after {maxSteps} scheduled delays.");
            }

            await Time.AdvanceInlineAsync(due - Time.GetUtcNow());
        }
    }

    /// <summary>Waits (real time, bounded) until no refresh and no HTTP attempt is in flight.</summary>
    public Task WaitIdleAsync(SecretsManagerKeySetProvider provider)
        => Eventually.TrueAsync(() => !provider.IsRefreshing && Time.PendingTimeouts == 0 && Fake.InFlight == 0, "the provider to be idle");

    public async ValueTask DisposeAsync()
    {
        foreach (var provider in _providers)
        {
            await provider.DisposeAsync();
        }

        foreach (var client in _clients)
        {
            client.Dispose();
        }

        await Fake.DisposeAsync();
        HttpClientFactory.Dispose();
        Meters.Dispose();
    }
}
