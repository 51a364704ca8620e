using Microsoft.Extensions.Logging;

namespace FirehoseAuth.Pipeline;

/// <summary>
/// Logs refused deliveries so that a misconfigured stream (a wrong key, a missing allow-list entry) is visible at the
/// default level without a flood: every refusal at Debug, and per cause at most one Warning a minute, which counts the
/// refusals it did not write. Lock-free and allocation-free per refusal.
/// </summary>
internal sealed class RejectionLog
{
    /// <summary>The least time between two warnings for one cause.</summary>
    internal static readonly TimeSpan Interval = TimeSpan.FromMinutes(1);

    private readonly string _stream;
    private readonly ILogger _logger;
    private readonly TimeProvider _timeProvider;
    private readonly long _intervalTicks;
    // One window per error code, and one (the last) for the deduplication store being unavailable.
    private readonly Window[] _windows = new Window[Enum.GetValues<FirehoseErrorCode>().Max(c => (int)c) + 2];

    public RejectionLog(string stream, ILogger logger, TimeProvider timeProvider)
    {
        _stream = stream;
        _logger = logger;
        _timeProvider = timeProvider;
        _intervalTicks = (long)(Interval.TotalSeconds * timeProvider.TimestampFrequency);
    }

    public void Rejected(FirehoseError error, string? requestId)
    {
        PipelineLog.DeliveryRejected(_logger, _stream, requestId, error.StatusCode, error.Code);

        // A handler failure is the application's own error: it is logged once per delivery, with its exception.
        if (error.Code == FirehoseErrorCode.HandlerFailed)
        {
            return;
        }

        if (TryTakeWarning(ref _windows[(int)error.Code], out var suppressed))
        {
            PipelineLog.DeliveriesRejected(_logger, _stream, error.StatusCode, error.Code, error.Message, suppressed);
        }
    }

    /// <summary>The deduplication store failed a call: a warning at most once a minute, with the exception.</summary>
    public void StoreUnavailable(string operation, Exception exception, bool rejecting)
    {
        if (TryTakeWarning(ref _windows[^1], out var suppressed))
        {
            PipelineLog.DeduplicationStoreUnavailable(_logger, _stream, operation, rejecting ? "answered 503" : "handled without deduplication", suppressed, exception);
        }
    }

    private bool TryTakeWarning(ref Window window, out long suppressed)
    {
        suppressed = 0;
        if (!_logger.IsEnabled(LogLevel.Warning))
        {
            return false;
        }

        var now = _timeProvider.GetTimestamp();
        var due = Volatile.Read(ref window.NextWarning);
        if ((due != 0 && now < due) || Interlocked.CompareExchange(ref window.NextWarning, now + _intervalTicks, due) != due)
        {
            Interlocked.Increment(ref window.Suppressed);
            return false;
        }

        suppressed = Interlocked.Exchange(ref window.Suppressed, 0);
        return true;
    }

    private struct Window
    {
        public long NextWarning;
        public long Suppressed;
    }
}
