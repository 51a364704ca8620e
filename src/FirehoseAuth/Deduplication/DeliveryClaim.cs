namespace FirehoseAuth.Deduplication;

/// <summary>The answer of <see cref="IDeliveryLedger.TryClaimAsync"/>.</summary>
/// <param name="Outcome">What the ledger found.</param>
/// <param name="Token">
/// Identifies this claim when <paramref name="Outcome"/> is <see cref="DeliveryClaimOutcome.Claimed"/>: pass it to
/// <see cref="IDeliveryLedger.CompleteAsync"/> or <see cref="IDeliveryLedger.ReleaseAsync"/>. Zero otherwise.
/// </param>
/// <param name="LeaseRemaining">
/// When <paramref name="Outcome"/> is <see cref="DeliveryClaimOutcome.HeldElsewhere"/>, how long the other claim still
/// runs (at most; it ends sooner when its holder completes or releases it). <see cref="TimeSpan.Zero"/> otherwise.
/// </param>
public readonly record struct DeliveryClaim(DeliveryClaimOutcome Outcome, long Token, TimeSpan LeaseRemaining);
