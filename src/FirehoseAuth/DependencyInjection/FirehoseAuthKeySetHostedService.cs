using FirehoseAuth.Authentication;
using FirehoseAuth.Diagnostics;
using FirehoseAuth.Protocol;
using FirehoseAuth.Secrets;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace FirehoseAuth.DependencyInjection;

/// <summary>
/// Starts the background refresh of the Secrets Manager key source when a host runs, and optionally waits (bounded by
/// <see cref="SecretsManagerOptions.StartupWaitTimeout"/>) for the first key set; on timeout it logs a warning and lets
/// the host start (deliveries are answered 503 and retried by Firehose until keys load). Without a host the provider
/// starts itself on first use.
/// </summary>
internal sealed class FirehoseAuthKeySetHostedService : IHostedService
{
    private readonly IServiceProvider _serviceProvider;
    private readonly ILogger<FirehoseAuthKeySetHostedService> _logger;

    public FirehoseAuthKeySetHostedService(IServiceProvider serviceProvider, ILogger<FirehoseAuthKeySetHostedService> logger)
    {
        _serviceProvider = serviceProvider;
        _logger = logger;
    }

    public async Task StartAsync(CancellationToken cancellationToken)
    {
        var options = _serviceProvider.GetRequiredService<IOptions<FirehoseAuthOptions>>().Value;
        WarnAboutLoweredLimits(options.Limits);

        var provider = _serviceProvider.GetRequiredService<IAccessKeySetProvider>();
        if (provider is not SecretsManagerKeySetProvider secretsManager)
        {
            FirehoseAuthLog.KeySourceSelected(_logger, provider is StaticAccessKeySetProvider ? "static configuration (FirehoseAuth:AccessKey)" : provider.GetType().Name);
            return;
        }

        FirehoseAuthLog.KeySourceSelected(_logger, "AWS Secrets Manager (FirehoseAuth:SecretsManager:SecretId)");
        secretsManager.Start();

        var timeout = options.SecretsManager.StartupWaitTimeout;
        if (timeout <= TimeSpan.Zero)
        {
            return;
        }

        if (await secretsManager.WaitForFirstLoadAsync(timeout, cancellationToken).ConfigureAwait(false))
        {
            FirehoseAuthLog.FirstKeySetLoaded(_logger);
        }
        else
        {
            FirehoseAuthLog.StartupWaitTimedOut(_logger, timeout);
        }
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask; // The container disposes the provider.

    private void WarnAboutLoweredLimits(FirehoseParserOptions limits)
    {
        if (limits.MaxBodySize < FirehoseParserOptions.FirehoseMaxBodySize)
        {
            FirehoseAuthLog.LimitLowered(_logger, nameof(limits.MaxBodySize), limits.MaxBodySize, FirehoseParserOptions.FirehoseMaxBodySize);
        }

        if (limits.MaxRecordCount < FirehoseParserOptions.FirehoseMaxRecordCount)
        {
            FirehoseAuthLog.LimitLowered(_logger, nameof(limits.MaxRecordCount), limits.MaxRecordCount, FirehoseParserOptions.FirehoseMaxRecordCount);
        }

        if (limits.MaxRecordSize < FirehoseParserOptions.FirehoseMaxRecordSize)
        {
            FirehoseAuthLog.LimitLowered(_logger, nameof(limits.MaxRecordSize), limits.MaxRecordSize, FirehoseParserOptions.FirehoseMaxRecordSize);
        }
    }
}
