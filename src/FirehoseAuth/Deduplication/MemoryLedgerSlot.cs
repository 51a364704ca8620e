namespace FirehoseAuth.Deduplication;

/// <summary>One entry of <see cref="MemoryDeliveryLedger"/>: a delivery, its state, and its place in the eviction order.</summary>
internal struct MemoryLedgerSlot
{
    /// <summary>The slot is on the free list.</summary>
    public const byte Free = 0;

    /// <summary>The delivery is claimed until <see cref="Expires"/>.</summary>
    public const byte Claimed = 1;

    /// <summary>The delivery was handled; remembered until <see cref="Expires"/>.</summary>
    public const byte Completed = 2;

    /// <summary>The delivery (default while free).</summary>
    public FirehoseDeliveryKey Key;

    /// <summary>The token of the claim that created or last took over the entry.</summary>
    public long Token;

    /// <summary>The <see cref="TimeProvider.GetTimestamp"/> at which the claim or the completion expires.</summary>
    public long Expires;

    /// <summary>The previous slot in its list (claims or completions), or -1.</summary>
    public int Previous;

    /// <summary>The next slot in its list (claims, completions or free), or -1.</summary>
    public int Next;

    /// <summary><see cref="Free"/>, <see cref="Claimed"/> or <see cref="Completed"/>.</summary>
    public byte State;
}
