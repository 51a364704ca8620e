using FirehoseAuth.Deduplication;
using FirehoseAuth.Diagnostics;
using Microsoft.Extensions.Logging;

namespace FirehoseAuth.Pipeline;

/// <summary>
/// The pipeline's deduplication step over one stream's <see cref="IDeliveryLedger"/>: claim before the parse,
/// complete after the handler succeeded, release otherwise. Every call to the store is bounded by
/// <see cref="DeduplicationOptions.StoreTimeout"/>; a store that fails or is slow counts as unavailable, which the stream
/// answers by running the handler anyway (at least once, the default) or with 503. A claim the step stopped waiting
/// for may still be written by the store; when it turns out to have succeeded, the step releases it in the
/// background, so that the retry is not answered 503 until the lease runs out. Tracks the store's state for the
/// health check. A synchronous store (the in-memory one) allocates nothing.
/// </summary>
internal sealed class DeliveryLedgerStep
{
    private readonly IDeliveryLedger _ledger;
    private readonly DeduplicationOptions _options;
    private readonly string _stream;
    private readonly FirehoseAuthMetrics _metrics;
    private readonly TimeProvider _timeProvider;
    private readonly ILogger _logger;
    private readonly RejectionLog _warnings;
    private long _lastFailure;
    private long _lastSuccess;

    public DeliveryLedgerStep(IDeliveryLedger ledger, DeduplicationOptions options, string stream, FirehoseAuthMetrics metrics, TimeProvider timeProvider, ILogger logger, RejectionLog warnings)
    {
        _ledger = ledger;
        _options = options;
        _stream = stream;
        _metrics = metrics;
        _timeProvider = timeProvider;
        _logger = logger;
        _warnings = warnings;
    }

    /// <summary>Gets a value indicating whether the store's last call failed (a later success clears it).</summary>
    public bool IsStoreUnavailable => Volatile.Read(ref _lastFailure) > Volatile.Read(ref _lastSuccess);

    /// <summary>Gets a value indicating whether the stream answers 503, rather than running the handler, while the store is unavailable.</summary>
    public bool RejectsWhenUnavailable => _options.WhenStoreUnavailable == StoreUnavailableBehavior.Reject;

    /// <summary>Claims the delivery; <see langword="null"/> when the store is unavailable.</summary>
    public async ValueTask<DeliveryClaim?> TryClaimAsync(FirehoseDeliveryKey key, CancellationToken cancellationToken)
    {
        DeliveryClaim claim;
        try
        {
            var pending = _ledger.TryClaimAsync(key, _options.Lease, cancellationToken);
            claim = pending.IsCompletedSuccessfully ? pending.Result : await BoundClaimAsync(key, pending.AsTask(), cancellationToken).ConfigureAwait(false);
        }
        catch (Exception ex) when (!cancellationToken.IsCancellationRequested)
        {
            StoreFailed("claim", ex);
            _metrics.Deduplicated(_stream, FirehoseAuthMetrics.DedupeUnavailable);
            return null;
        }

        StoreSucceeded();
        _metrics.Deduplicated(_stream, claim.Outcome switch
        {
            DeliveryClaimOutcome.Claimed => FirehoseAuthMetrics.DedupeClaimed,
            DeliveryClaimOutcome.AlreadyCompleted => FirehoseAuthMetrics.DedupeDuplicate,
            _ => FirehoseAuthMetrics.DedupeInProgress,
        });
        if (claim.Outcome == DeliveryClaimOutcome.AlreadyCompleted)
        {
            PipelineLog.DuplicateDelivery(_logger, _stream, key.RequestId);
        }

        return claim;
    }

    /// <summary>Completes (the handler succeeded) or releases (it did not) a claim. Never throws; a failure is logged.</summary>
    public async ValueTask SettleAsync(FirehoseDeliveryKey key, long token, bool handled)
    {
        try
        {
            var pending = handled
                ? _ledger.CompleteAsync(key, token, _options.Retention, CancellationToken.None)
                : _ledger.ReleaseAsync(key, token, CancellationToken.None);
            if (!pending.IsCompletedSuccessfully)
            {
                await BoundAsync(pending.AsTask(), CancellationToken.None).ConfigureAwait(false);
            }

            StoreSucceeded();
        }
        catch (Exception ex)
        {
            // Not completed: a retry runs the handler again (at least once). Not released: the lease runs out.
            StoreFailed(handled ? "complete" : "release", ex);
        }
    }

    // Waits for a claim no longer than StoreTimeout. When the step stops waiting (timeout or the caller's cancellation),
    // the store may still write the claim, which nobody would then complete or release: release it once it is answered.
    private async Task<DeliveryClaim> BoundClaimAsync(FirehoseDeliveryKey key, Task<DeliveryClaim> pending, CancellationToken cancellationToken)
    {
        try
        {
            return await pending.WaitAsync(_options.StoreTimeout, _timeProvider, cancellationToken).ConfigureAwait(false);
        }
        catch (Exception)
        {
            _ = ReleaseLateClaimAsync(key, pending);
            throw;
        }
    }

    private async Task ReleaseLateClaimAsync(FirehoseDeliveryKey key, Task<DeliveryClaim> pending)
    {
        try
        {
            var claim = await pending.ConfigureAwait(false);
            if (claim.Outcome == DeliveryClaimOutcome.Claimed)
            {
                await _ledger.ReleaseAsync(key, claim.Token, CancellationToken.None).ConfigureAwait(false);
            }
        }
        catch (Exception)
        {
            // The claim failed, or the store fails now: a claim it wrote ends with its lease.
        }
    }

    private Task BoundAsync(Task pending, CancellationToken cancellationToken) => pending.WaitAsync(_options.StoreTimeout, _timeProvider, cancellationToken);

    private void StoreSucceeded() => Volatile.Write(ref _lastSuccess, _timeProvider.GetTimestamp());

    private void StoreFailed(string operation, Exception exception)
    {
        Volatile.Write(ref _lastFailure, _timeProvider.GetTimestamp());
        _warnings.StoreUnavailable(operation, exception, RejectsWhenUnavailable);
    }
}
