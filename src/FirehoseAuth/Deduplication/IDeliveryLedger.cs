namespace FirehoseAuth.Deduplication;

/// <summary>
/// Records which deliveries are being handled and which were handled, so that a delivery Firehose retries (same
/// request id) runs the handler once, even when the retry reaches another instance of the service.
/// </summary>
/// <remarks>
/// <para>
/// The pipeline claims a delivery before its handler runs, completes the claim after the handler succeeded and releases
/// it when the handler failed (so that the retry runs the handler again). A claim is atomic: of concurrent claimers of
/// one key exactly one gets <see cref="DeliveryClaimOutcome.Claimed"/>. A claim whose lease ran out (its holder died
/// or hangs) can be taken over by the next claimer.
/// </para>
/// <para>
/// <see cref="CompleteAsync"/> and <see cref="ReleaseAsync"/> compare and set: they act only while the entry still
/// holds the given token, so a late release or completion never touches a claim that another caller has since taken
/// over. A store that cannot answer (unreachable, timed out) throws; the pipeline decides what that means for the
/// delivery. Only an <see cref="OperationCanceledException"/> for the caller's own token means "cancelled".
/// </para>
/// </remarks>
public interface IDeliveryLedger
{
    /// <summary>Claims a delivery for <paramref name="lease"/>, unless it was completed or is held by another claim.</summary>
    /// <param name="key">The delivery.</param>
    /// <param name="lease">How long the claim holds if it is neither completed nor released; positive.</param>
    /// <param name="cancellationToken">Cancels the wait for the store.</param>
    /// <returns>The outcome, with the claim's token when <see cref="DeliveryClaimOutcome.Claimed"/>.</returns>
    ValueTask<DeliveryClaim> TryClaimAsync(FirehoseDeliveryKey key, TimeSpan lease, CancellationToken cancellationToken);

    /// <summary>
    /// Marks a claimed delivery as handled for <paramref name="retention"/>, if the entry still holds
    /// <paramref name="token"/>; otherwise does nothing.
    /// </summary>
    /// <param name="key">The delivery.</param>
    /// <param name="token">The token of the claim, from <see cref="TryClaimAsync"/>.</param>
    /// <param name="retention">How long the completion is remembered; positive.</param>
    /// <param name="cancellationToken">Cancels the wait for the store.</param>
    /// <returns>A task that completes when the store has answered.</returns>
    ValueTask CompleteAsync(FirehoseDeliveryKey key, long token, TimeSpan retention, CancellationToken cancellationToken);

    /// <summary>Removes a claim, if the entry still holds <paramref name="token"/> as a claim; otherwise does nothing.</summary>
    /// <param name="key">The delivery.</param>
    /// <param name="token">The token of the claim, from <see cref="TryClaimAsync"/>.</param>
    /// <param name="cancellationToken">Cancels the wait for the store.</param>
    /// <returns>A task that completes when the store has answered.</returns>
    ValueTask ReleaseAsync(FirehoseDeliveryKey key, long token, CancellationToken cancellationToken);
}
