using BenchmarkDotNet.Attributes;
using FirehoseAuth.Authentication;
using FirehoseAuth.Diagnostics;
using FirehoseAuth.Secrets;
using FirehoseAuth.Tests.Secrets.Fakes;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;

namespace FirehoseAuth.Benchmarks.Secrets;

/// <summary>
/// The request path's only contact with the Secrets Manager provider: reading <c>Current</c> of a loaded provider.
/// Baseline: the naive lock-protected cache a user might write; ceiling: a bare volatile field (the static provider).
/// </summary>
[MemoryDiagnoser]
public class KeySetProviderCurrentBenchmarks
{
    private readonly Lock _gate = new();
    private TestMeterFactory _meters = null!;
    private SecretsManagerKeySetProvider _provider = null!;
    private StaticAccessKeySetProvider _static = null!;
    private AccessKeySet _locked = null!;

    [GlobalSetup]
    public async Task SetupAsync()
    {
        var options = new FirehoseAuthOptions();
        options.SecretsManager.SecretId = "benchmark";
        _meters = new TestMeterFactory();
        _provider = new SecretsManagerKeySetProvider(
            new InMemorySecretValueSource(),
            Options.Create(options),
            TimeProvider.System,
            NullLogger<SecretsManagerKeySetProvider>.Instance,
            new FirehoseAuthMetrics(_meters));
        if (!await _provider.WaitForFirstLoadAsync(TimeSpan.FromSeconds(30), CancellationToken.None))
        {
            throw new InvalidOperationException("The provider did not load.");
        }

        _locked = _provider.Current!;
        _static = new StaticAccessKeySetProvider(_locked);
    }

    [GlobalCleanup]
    public async Task CleanupAsync()
    {
        await _provider.DisposeAsync();
        _meters.Dispose();
    }

    [Benchmark(Baseline = true, Description = "lock-protected field (naive)")]
    public AccessKeySet? LockedRead()
    {
        lock (_gate)
        {
            return _locked;
        }
    }

    [Benchmark(Description = "StaticAccessKeySetProvider.Current (volatile field)")]
    public AccessKeySet? StaticProviderCurrent() => _static.Current;

    [Benchmark(Description = "SecretsManagerKeySetProvider.Current (loaded)")]
    public AccessKeySet? SecretsManagerProviderCurrent() => _provider.Current;
}
