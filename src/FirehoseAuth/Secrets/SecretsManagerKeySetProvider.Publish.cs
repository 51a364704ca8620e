using FirehoseAuth.Authentication;

namespace FirehoseAuth.Secrets;

/// <summary>How a fetched secret becomes the published key set, and how a failure is recorded.</summary>
internal sealed partial class SecretsManagerKeySetProvider
{
    private void Publish(SecretValue current, string currentKey, SecretValue? previous)
    {
        string? previousKey = null;
        string? previousVersionId = null;
        DateTimeOffset? previousValidUntil = null;
        if (previous is not null && previous.VersionId != current.VersionId)
        {
            if (SecretKeyReader.TryReadKey(previous, _options, out var key, out var reason))
            {
                previousKey = key;
                previousVersionId = previous.VersionId;
                previousValidUntil = current.CreatedDate + _gracePeriod;
            }
            else
            {
                Log.PreviousVersionUnusable(_logger, _secretId, previous.VersionId, reason);
            }
        }

        var published = _current;
        var changed = published is null
            || published.Version != current.VersionId
            || _publishedPreviousVersionId != previousVersionId
            || published.PreviousValidUntil != previousValidUntil;
        if (changed)
        {
            _publishedPreviousVersionId = previousVersionId;
            _current = new AccessKeySet(currentKey, previousKey, previousValidUntil) { Version = current.VersionId };
            Log.KeySetLoaded(_logger, _secretId, current.VersionId, previousVersionId, previousValidUntil);
        }
        else
        {
            Log.KeySetConfirmed(_logger, _secretId, current.VersionId);
        }

        lock (_statusLock)
        {
            _lastSuccess = _timeProvider.GetUtcNow();
            _lastFailure = null;
            _lastError = null;
            _consecutiveFailures = 0;
        }

        _metrics.RefreshSucceeded(_secretId);
        _firstLoad.TrySetResult();
    }

    private TimeSpan RecordFailure(string errorType, string errorMessage)
    {
        var now = _timeProvider.GetUtcNow();
        int failures;
        lock (_statusLock)
        {
            failures = ++_consecutiveFailures;
            _lastFailure = now;
            _lastError = $"{errorType}: {errorMessage}";
        }

        var retryIn = SecretsManagerBackoff.Exponential(failures, SecretsManagerConstants.RefreshBackoffBase, _options.RefreshInterval, _random());

        // Unknown keys must not cut the backoff short: push the earliest early refresh past it.
        var notBefore = (now + retryIn).UtcTicks;
        var earliest = Interlocked.Read(ref _earliestEarlyRefreshUtcTicks);
        while (earliest < notBefore)
        {
            var seen = Interlocked.CompareExchange(ref _earliestEarlyRefreshUtcTicks, notBefore, earliest);
            if (seen == earliest)
            {
                break;
            }

            earliest = seen;
        }

        _metrics.RefreshFailed(_secretId, errorType);
        if (_current is { } lastGood)
        {
            Log.RefreshFailedServingLastGood(_logger, _secretId, errorType, errorMessage, failures, lastGood.Version, retryIn);
        }
        else
        {
            Log.RefreshFailedNoKeySet(_logger, _secretId, errorType, errorMessage, failures, retryIn);
        }

        return retryIn;
    }
}
