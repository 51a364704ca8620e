namespace FirehoseAuth.Deduplication;

/// <summary>
/// A bounded, in-process <see cref="IDeliveryLedger"/>: it catches the retries that reach the same process, and its
/// calls complete synchronously without allocating once it has grown to its working size.
/// </summary>
/// <remarks>
/// <para>
/// Entries live in one array of slots, found through a dictionary, and sit on one of two lists in the order they were
/// claimed or completed. Nothing grows past <c>capacity</c> entries: when full, the ledger forgets an expired claim at the
/// head of the claims, else the oldest completion (expired or not), else the oldest claim (only when every entry is an
/// unexpired claim). A forgotten claim's later complete or release does nothing, so the worst case is a retry that
/// runs the handler again: at least once, as without a ledger. Expired entries at the heads of the lists are also
/// dropped as claims arrive, so an idle ledger shrinks back.
/// </para>
/// <para>
/// Time is <see cref="TimeProvider.GetTimestamp"/> (monotonic). A claim whose lease ran out counts as absent: it can be
/// taken over, and its holder's complete does nothing. One lock guards the ledger; it is held for a dictionary lookup
/// and a few list links.
/// </para>
/// </remarks>
internal sealed class MemoryDeliveryLedger : IDeliveryLedger
{
    private const int NoSlot = -1;
    private const int InitialSlots = 256;
    private const int TrimPerClaim = 2;
    private const long MaxDelta = long.MaxValue / 4;

    private readonly Lock _lock = new();
    private readonly TimeProvider _timeProvider;
    private readonly double _timestampsPerTick;
    private readonly Dictionary<FirehoseDeliveryKey, int> _index;
    private MemoryLedgerSlot[] _slots;
    private int _used;
    private int _freeHead = NoSlot;
    private int _claimsHead = NoSlot;
    private int _claimsTail = NoSlot;
    private int _completionsHead = NoSlot;
    private int _completionsTail = NoSlot;
    private long _lastToken;

    /// <summary>Initializes a ledger that keeps at most <paramref name="capacity"/> deliveries.</summary>
    /// <param name="capacity">The most entries kept (<see cref="DeduplicationOptions.MemoryCapacity"/>).</param>
    /// <param name="timeProvider">The clock of leases and retention.</param>
    public MemoryDeliveryLedger(int capacity, TimeProvider timeProvider)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(capacity);
        ArgumentNullException.ThrowIfNull(timeProvider);
        Capacity = capacity;
        _timeProvider = timeProvider;
        _timestampsPerTick = timeProvider.TimestampFrequency / (double)TimeSpan.TicksPerSecond;
        _slots = new MemoryLedgerSlot[Math.Min(capacity, InitialSlots)];
        _index = new Dictionary<FirehoseDeliveryKey, int>(_slots.Length);
    }

    /// <summary>Gets the most entries the ledger keeps.</summary>
    public int Capacity { get; }

    /// <summary>Gets the number of entries (claims and completions, expired ones not yet dropped included).</summary>
    public int Count
    {
        get
        {
            lock (_lock)
            {
                return _index.Count;
            }
        }
    }

    /// <inheritdoc/>
    public ValueTask<DeliveryClaim> TryClaimAsync(FirehoseDeliveryKey key, TimeSpan lease, CancellationToken cancellationToken)
    {
        CheckKey(key);
        ArgumentOutOfRangeException.ThrowIfLessThanOrEqual(lease, TimeSpan.Zero);
        if (cancellationToken.IsCancellationRequested)
        {
            return ValueTask.FromCanceled<DeliveryClaim>(cancellationToken);
        }

        var leaseTimestamps = ToTimestamps(lease);
        lock (_lock)
        {
            var now = _timeProvider.GetTimestamp();
            DropExpired(now);
            if (_index.TryGetValue(key, out var slot))
            {
                ref var entry = ref _slots[slot];
                if (entry.Expires > now)
                {
                    return new(entry.State == MemoryLedgerSlot.Completed
                        ? new DeliveryClaim(DeliveryClaimOutcome.AlreadyCompleted, 0, TimeSpan.Zero)
                        : new DeliveryClaim(DeliveryClaimOutcome.HeldElsewhere, 0, ToTimeSpan(entry.Expires - now)));
                }

                // The lease or the retention ran out: the entry is as good as absent; take it over.
                Unlink(slot);
            }
            else
            {
                slot = TakeSlot(now);
                _slots[slot].Key = key;
                _index.Add(key, slot);
            }

            ref var claimed = ref _slots[slot];
            claimed.State = MemoryLedgerSlot.Claimed;
            claimed.Token = ++_lastToken;
            claimed.Expires = now + leaseTimestamps;
            LinkLast(slot, ref _claimsHead, ref _claimsTail);
            return new(new DeliveryClaim(DeliveryClaimOutcome.Claimed, claimed.Token, TimeSpan.Zero));
        }
    }

    /// <inheritdoc/>
    public ValueTask CompleteAsync(FirehoseDeliveryKey key, long token, TimeSpan retention, CancellationToken cancellationToken)
    {
        CheckKey(key);
        ArgumentOutOfRangeException.ThrowIfLessThanOrEqual(retention, TimeSpan.Zero);
        if (cancellationToken.IsCancellationRequested)
        {
            return ValueTask.FromCanceled(cancellationToken);
        }

        var retentionTimestamps = ToTimestamps(retention);
        lock (_lock)
        {
            var now = _timeProvider.GetTimestamp();
            if (_index.TryGetValue(key, out var slot))
            {
                ref var entry = ref _slots[slot];
                if (entry.State == MemoryLedgerSlot.Claimed && entry.Token == token && entry.Expires > now)
                {
                    Unlink(slot);
                    entry.State = MemoryLedgerSlot.Completed;
                    entry.Expires = now + retentionTimestamps;
                    LinkLast(slot, ref _completionsHead, ref _completionsTail);
                }
            }
        }

        return ValueTask.CompletedTask;
    }

    /// <inheritdoc/>
    public ValueTask ReleaseAsync(FirehoseDeliveryKey key, long token, CancellationToken cancellationToken)
    {
        CheckKey(key);
        if (cancellationToken.IsCancellationRequested)
        {
            return ValueTask.FromCanceled(cancellationToken);
        }

        lock (_lock)
        {
            if (_index.TryGetValue(key, out var slot) && _slots[slot].State == MemoryLedgerSlot.Claimed && _slots[slot].Token == token)
            {
                Forget(slot);
            }
        }

        return ValueTask.CompletedTask;
    }

    private static void CheckKey(FirehoseDeliveryKey key)
    {
        ArgumentNullException.ThrowIfNull(key.StreamName, nameof(key));
        ArgumentNullException.ThrowIfNull(key.RequestId, nameof(key));
    }

    private long ToTimestamps(TimeSpan duration)
    {
        var timestamps = duration.Ticks * _timestampsPerTick;
        return timestamps >= MaxDelta ? MaxDelta : (long)timestamps;
    }

    private TimeSpan ToTimeSpan(long timestamps) => TimeSpan.FromTicks((long)(timestamps / _timestampsPerTick));

    // Drops a few expired entries from the heads of the lists, so that an idle ledger does not hold them until full.
    private void DropExpired(long now)
    {
        for (var i = 0; i < TrimPerClaim; i++)
        {
            var dropped = false;
            if (_completionsHead != NoSlot && _slots[_completionsHead].Expires <= now)
            {
                Forget(_completionsHead);
                dropped = true;
            }

            if (_claimsHead != NoSlot && _slots[_claimsHead].Expires <= now)
            {
                Forget(_claimsHead);
                dropped = true;
            }

            if (!dropped)
            {
                return;
            }
        }
    }

    private int TakeSlot(long now)
    {
        if (_freeHead != NoSlot)
        {
            var free = _freeHead;
            _freeHead = _slots[free].Next;
            return free;
        }

        if (_used == _slots.Length && _slots.Length < Capacity)
        {
            Array.Resize(ref _slots, (int)Math.Min((long)_slots.Length * 2, Capacity));
        }

        if (_used < _slots.Length)
        {
            return _used++;
        }

        // Full: an expired claim first, then the oldest completion, and only then the oldest live claim.
        var victim = _claimsHead != NoSlot && (_slots[_claimsHead].Expires <= now || _completionsHead == NoSlot)
            ? _claimsHead
            : _completionsHead;
        Forget(victim);
        _freeHead = _slots[victim].Next;
        return victim;
    }

    // Removes an entry: off its list, out of the index, onto the free list.
    private void Forget(int slot)
    {
        Unlink(slot);
        ref var entry = ref _slots[slot];
        _index.Remove(entry.Key);
        entry = default;
        entry.Next = _freeHead;
        _freeHead = slot;
    }

    private void Unlink(int slot)
    {
        ref var entry = ref _slots[slot];
        ref var head = ref entry.State == MemoryLedgerSlot.Completed ? ref _completionsHead : ref _claimsHead;
        ref var tail = ref entry.State == MemoryLedgerSlot.Completed ? ref _completionsTail : ref _claimsTail;
        if (entry.Previous == NoSlot)
        {
            head = entry.Next;
        }
        else
        {
            _slots[entry.Previous].Next = entry.Next;
        }

        if (entry.Next == NoSlot)
        {
            tail = entry.Previous;
        }
        else
        {
            _slots[entry.Next].Previous = entry.Previous;
        }

        entry.Previous = NoSlot;
        entry.Next = NoSlot;
    }

    private void LinkLast(int slot, ref int head, ref int tail)
    {
        ref var entry = ref _slots[slot];
        entry.Previous = tail;
        entry.Next = NoSlot;
        if (tail == NoSlot)
        {
            head = slot;
        }
        else
        {
            _slots[tail].Next = slot;
        }

        tail = slot;
    }
}
