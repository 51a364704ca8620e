using Microsoft.Extensions.Time.Testing;

namespace FirehoseAuth.Tests.Secrets.Fakes;

/// <summary>
/// A <see cref="FakeTimeProvider"/> that knows which of its timers are pending, so a test can advance the clock exactly
/// to the next scheduled delay (<c>Task.Delay</c>) while no attempt timeout (a <see cref="CancellationTokenSource"/>
/// timer, which exists only while an HTTP attempt is in flight) is running.
/// </summary>
public sealed class TrackingTimeProvider : FakeTimeProvider
{
    /// <summary>The default start: 2026-01-01T00:00:00.900Z (the .9 s makes a 250 ms backoff change X-Amz-Date).</summary>
    public static readonly DateTimeOffset DefaultStart = new(2026, 1, 1, 0, 0, 0, 900, TimeSpan.Zero);

    private readonly Lock _lock = new();
    private readonly List<TrackedTimer> _timers = [];
    private readonly List<TimeSpan> _delays = [];

    public TrackingTimeProvider()
        : this(DefaultStart)
    {
    }

    public TrackingTimeProvider(DateTimeOffset start)
        : base(start)
    {
    }

    /// <summary>Gets every delay (non-timeout timer) ever scheduled, in order.</summary>
    public IReadOnlyList<TimeSpan> ScheduledDelays
    {
        get
        {
            lock (_lock)
            {
                return [.. _delays];
            }
        }
    }

    /// <summary>Gets the number of attempt-timeout timers pending (an HTTP attempt is in flight).</summary>
    public int PendingTimeouts
    {
        get
        {
            lock (_lock)
            {
                return _timers.Count(t => t.IsTimeout);
            }
        }
    }

    /// <summary>Gets the due time of the earliest pending delay, or <see langword="null"/>.</summary>
    public DateTimeOffset? NextDelayDue
    {
        get
        {
            lock (_lock)
            {
                return _timers.Where(t => !t.IsTimeout && t.Due is not null).Min(t => t.Due);
            }
        }
    }

    public override ITimer CreateTimer(TimerCallback callback, object? state, TimeSpan dueTime, TimeSpan period)
    {
        var tracked = new TrackedTimer(this, state is CancellationTokenSource);
        var inner = base.CreateTimer(
            s =>
            {
                tracked.Fired();
                callback(s);
            },
            state,
            dueTime,
            period);
        tracked.Attach(inner, dueTime, period);
        return tracked;
    }

    /// <summary>
    /// Waits (real time, bounded) until the system is quiet — a delay is pending and no attempt timeout is running,
    /// so no HTTP attempt is in flight — and returns that delay's due time.
    /// </summary>
    /// <param name="isBusy">Extra condition under which the system is not quiet yet.</param>
    public async Task<DateTimeOffset> WaitForQuietAsync(Func<bool>? isBusy = null)
    {
        DateTimeOffset due = default;
        await Eventually.TrueAsync(
            () =>
            {
                if (PendingTimeouts > 0 || isBusy?.Invoke() == true || NextDelayDue is not { } next)
                {
                    return false;
                }

                due = next;
                return true;
            },
            "a delay to be scheduled while no call is in flight");
        return due;
    }

    /// <summary>Waits until the system is quiet, then advances the clock exactly to the next delay's due time.</summary>
    /// <remarks>A delay counts as pending as long as its timer has not fired; continuations run inline (see <see cref="AdvanceInlineAsync"/>).</remarks>
    /// <param name="isBusy">Extra condition under which the system is not quiet yet.</param>
    /// <returns>How far the clock moved.</returns>
    public async Task<TimeSpan> AdvanceToNextDelayAsync(Func<bool>? isBusy = null)
    {
        var due = await WaitForQuietAsync(isBusy);
        var step = due - GetUtcNow();
        await AdvanceInlineAsync(step);
        return step;
    }

    /// <summary>
    /// Advances on a thread without a synchronization context, so the continuations of the timers that fire run inline
    /// and reach their next real I/O (or their next delay) before this returns.
    /// </summary>
    public Task AdvanceInlineAsync(TimeSpan delta)
        => Task.Run(() => Advance(delta > TimeSpan.Zero ? delta : TimeSpan.Zero));

    private void Track(TrackedTimer timer, TimeSpan dueTime)
    {
        lock (_lock)
        {
            if (!_timers.Contains(timer))
            {
                _timers.Add(timer);
                if (!timer.IsTimeout)
                {
                    _delays.Add(dueTime);
                }
            }
        }
    }

    private void Untrack(TrackedTimer timer)
    {
        lock (_lock)
        {
            _timers.Remove(timer);
        }
    }

    private sealed class TrackedTimer(TrackingTimeProvider owner, bool isTimeout) : ITimer
    {
        private ITimer? _inner;
        private TimeSpan _period = Timeout.InfiniteTimeSpan;
        private bool _attached;
        private bool _firedBeforeAttach;

        public bool IsTimeout { get; } = isTimeout;

        public DateTimeOffset? Due { get; private set; }

        public void Attach(ITimer inner, TimeSpan dueTime, TimeSpan period)
        {
            _inner = inner;
            _attached = true;
            if (!(_firedBeforeAttach && (period == Timeout.InfiniteTimeSpan || period == TimeSpan.Zero)))
            {
                Schedule(dueTime, period);
            }
        }

        public bool Change(TimeSpan dueTime, TimeSpan period)
        {
            Schedule(dueTime, period);
            return _inner!.Change(dueTime, period);
        }

        public void Fired()
        {
            if (!_attached)
            {
                _firedBeforeAttach = true;
                return;
            }

            if (_period == Timeout.InfiniteTimeSpan || _period == TimeSpan.Zero)
            {
                Due = null;
                owner.Untrack(this);
            }
            else
            {
                Due = owner.GetUtcNow() + _period;
            }
        }

        public void Dispose()
        {
            Due = null;
            owner.Untrack(this);
            _inner?.Dispose();
        }

        public ValueTask DisposeAsync()
        {
            Dispose();
            return ValueTask.CompletedTask;
        }

        private void Schedule(TimeSpan dueTime, TimeSpan period)
        {
            _period = period;
            if (dueTime == Timeout.InfiniteTimeSpan)
            {
                Due = null;
                owner.Untrack(this);
            }
            else
            {
                Due = owner.GetUtcNow() + dueTime;
                owner.Track(this, dueTime);
            }
        }
    }
}
