namespace FirehoseAuth.Deduplication;

/// <summary>What <see cref="IDeliveryLedger.TryClaimAsync"/> found.</summary>
public enum DeliveryClaimOutcome
{
    /// <summary>This caller holds the delivery now and should run the handler, then complete or release the claim.</summary>
    Claimed = 0,

    /// <summary>The delivery was handled before (within the retention period): answer 200 without running the handler.</summary>
    AlreadyCompleted = 1,

    /// <summary>Another caller holds an unexpired claim on the delivery: answer 503 so that Firehose retries later.</summary>
    HeldElsewhere = 2,
}
