using FirehoseAuth.Authentication;
using FirehoseAuth.Diagnostics;
using FirehoseAuth.Protocol;
using FirehoseAuth.Secrets;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace FirehoseAuth.DependencyInjection;

/// <summary>
/// When a host starts: resolves every registered stream (so a misconfigured one fails the start, not the first
/// delivery), warns about lowered limits, starts the background refresh of each distinct Secrets Manager key source
/// and optionally waits (bounded by <see cref="SecretsManagerOptions.StartupWaitTimeout"/>) for their first key sets;
/// on timeout it logs a warning and lets the host start (deliveries are answered 503 and retried by Firehose until keys
/// load). Without a host, each provider starts itself on first use.
/// </summary>
internal sealed class FirehoseAuthKeySetHostedService : IHostedService
{
    private readonly FirehoseStreams _streams;
    private readonly FirehoseAuthRegistration _registration;
    private readonly ILogger<FirehoseAuthKeySetHostedService> _logger;

    public FirehoseAuthKeySetHostedService(FirehoseStreams streams, FirehoseAuthRegistration registration, ILogger<FirehoseAuthKeySetHostedService> logger)
    {
        _streams = streams;
        _registration = registration;
        _logger = logger;
    }

    public async Task StartAsync(CancellationToken cancellationToken)
    {
        var waits = new List<Task>();
        var started = new HashSet<SecretsManagerKeySetProvider>();
        var firstStreamOfEachSecretSource = new List<FirehoseStream>();
        foreach (var stream in _streams.All())
        {
            var path = _registration.SettingsPath(FirehoseAuthRegistration.OptionsName(stream.Name));
            WarnAboutLoweredLimits(path, stream.Options.Limits);
            if (stream.KeySource is not SecretsManagerKeySetProvider secretsManager)
            {
                FirehoseAuthLog.KeySourceSelected(_logger, stream.Name, stream.KeySource is StaticAccessKeySetProvider ? $"static configuration ({path}:AccessKey)" : stream.KeySource.GetType().Name);
                continue;
            }

            FirehoseAuthLog.KeySourceSelected(_logger, stream.Name, $"AWS Secrets Manager ({path}:SecretsManager:SecretId)");
            if (started.Add(secretsManager))
            {
                firstStreamOfEachSecretSource.Add(stream);
                secretsManager.Start();
                waits.Add(WaitAsync(secretsManager, stream.Name, stream.Options.SecretsManager.StartupWaitTimeout, cancellationToken));
            }
        }

        WarnAboutSplitSecrets(firstStreamOfEachSecretSource);
        await Task.WhenAll(waits).ConfigureAwait(false);
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask; // The container disposes the providers.

    private async Task WaitAsync(SecretsManagerKeySetProvider provider, string stream, TimeSpan timeout, CancellationToken cancellationToken)
    {
        if (timeout <= TimeSpan.Zero)
        {
            return;
        }

        if (await provider.WaitForFirstLoadAsync(timeout, cancellationToken).ConfigureAwait(false))
        {
            FirehoseAuthLog.FirstKeySetLoaded(_logger, stream);
        }
        else
        {
            FirehoseAuthLog.StartupWaitTimedOut(_logger, stream, timeout);
        }
    }

    /// <summary>Streams that name one secret share its key source only when all its settings agree: say when they do not.</summary>
    private void WarnAboutSplitSecrets(List<FirehoseStream> streams)
    {
        for (var i = 0; i < streams.Count; i++)
        {
            for (var j = i + 1; j < streams.Count; j++)
            {
                if (FirehoseStreams.DifferingSecretSettings(streams[i].Options, streams[j].Options) is { } settings)
                {
                    FirehoseAuthLog.SecretSplitBySettings(_logger, streams[i].Name, streams[j].Name, streams[i].Options.SecretsManager.SecretId!, string.Join(", ", settings));
                }
            }
        }
    }

    private void WarnAboutLoweredLimits(string path, FirehoseParserOptions limits)
    {
        if (limits.MaxBodySize < FirehoseParserOptions.FirehoseMaxBodySize)
        {
            FirehoseAuthLog.LimitLowered(_logger, $"{path}:Limits:{nameof(limits.MaxBodySize)}", limits.MaxBodySize, FirehoseParserOptions.FirehoseMaxBodySize, "bytes");
        }

        if (limits.MaxRecordCount < FirehoseParserOptions.FirehoseMaxRecordCount)
        {
            FirehoseAuthLog.LimitLowered(_logger, $"{path}:Limits:{nameof(limits.MaxRecordCount)}", limits.MaxRecordCount, FirehoseParserOptions.FirehoseMaxRecordCount, "records");
        }

        if (limits.MaxRecordSize < FirehoseParserOptions.FirehoseMaxRecordSize)
        {
            FirehoseAuthLog.LimitLowered(_logger, $"{path}:Limits:{nameof(limits.MaxRecordSize)}", limits.MaxRecordSize, FirehoseParserOptions.FirehoseMaxRecordSize, "bytes");
        }
    }
}
