using FirehoseAuth.Authentication;
using FirehoseAuth.Diagnostics;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace FirehoseAuth.Secrets;

/// <summary>
/// Publishes the key set read from Secrets Manager (<c>AWSCURRENT</c> and <c>AWSPREVIOUS</c>), refreshed in the background.
/// </summary>
internal sealed class SecretsManagerKeySetProvider : IAccessKeySetProvider, IKeySetStatusSource, IAsyncDisposable
{
    // STUB: the Secrets implementation replaces this type's body.
    public SecretsManagerKeySetProvider(ISecretValueSource source, IOptions<FirehoseAuthOptions> options, TimeProvider timeProvider, ILogger<SecretsManagerKeySetProvider> logger, FirehoseAuthMetrics metrics)
    {
        _ = (source, options, timeProvider, logger, metrics);
    }

    public AccessKeySet? Current => throw new NotImplementedException();

    public void OnUnknownKey() => throw new NotImplementedException();

    /// <summary>Starts the background refresh loop (idempotent).</summary>
    public void Start() => throw new NotImplementedException();

    /// <summary>Waits until the first key set is loaded, at most <paramref name="timeout"/>.</summary>
    /// <returns><see langword="true"/> when a key set is loaded.</returns>
    public Task<bool> WaitForFirstLoadAsync(TimeSpan timeout, CancellationToken cancellationToken) => throw new NotImplementedException();

    public KeySetStatus GetStatus() => throw new NotImplementedException();

    public ValueTask DisposeAsync() => throw new NotImplementedException();
}
