using FirehoseAuth.Authentication;
using FirehoseAuth.Diagnostics;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace FirehoseAuth.Secrets;

/// <summary>
/// Publishes the key set read from Secrets Manager (<c>AWSCURRENT</c> and <c>AWSPREVIOUS</c>), refreshed in the background.
/// </summary>
/// <remarks>
/// <para>
/// The request path only reads <see cref="Current"/>: one volatile read, plus a start of the background loop while
/// nothing is loaded yet. The loop refreshes every <see cref="SecretsManagerOptions.RefreshInterval"/> (±10%); after a
/// failure it keeps the last good key set and retries after a jittered exponential backoff (5 s, 10 s, … capped at the
/// refresh interval). <see cref="OnUnknownKey"/> starts an early refresh at most once per
/// <see cref="SecretsManagerOptions.MinRefreshOnMissInterval"/>, and never while a failure backoff is running.
/// </para>
/// <para>
/// All refreshes — periodic, early, concurrent — collapse into one in-flight refresh per provider (one call per staging
/// label); there is no static or global lock. The previous key is accepted until <c>AWSCURRENT.CreatedDate</c> +
/// <see cref="FirehoseAuthOptions.RotationGracePeriod"/>: the window is derived from Secrets Manager's own timestamps, so
/// a receiver started mid-rotation decides as one that saw the rotation happen.
/// </para>
/// </remarks>
internal sealed partial class SecretsManagerKeySetProvider : IAccessKeySetProvider, IKeySetStatusSource, IAsyncDisposable, IDisposable
{
    private const int NotStarted = 0;
    private const int Running = 1;
    private const int Disposed = 2;

    private readonly ISecretValueSource _source;
    private readonly SecretsManagerOptions _options;
    private readonly string _secretId;
    private readonly TimeSpan _gracePeriod;
    private readonly TimeSpan _staleAfter;
    private readonly TimeProvider _timeProvider;
    private readonly ILogger _logger;
    private readonly FirehoseAuthMetrics _metrics;
    private readonly Func<double> _random;
    private readonly CancellationTokenSource _stopping = new();
    private readonly TaskCompletionSource _firstLoad = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private readonly Lock _refreshLock = new();
    private readonly Lock _statusLock = new();

    private volatile AccessKeySet? _current;
    private int _state;
    private Task _loop = Task.CompletedTask;
    private Task<TimeSpan?>? _refreshInFlight;
    private long _earliestEarlyRefreshUtcTicks = long.MinValue;
    private string? _publishedPreviousVersionId;

    private DateTimeOffset? _lastSuccess;
    private DateTimeOffset? _lastFailure;
    private string? _lastError;
    private int _consecutiveFailures;

    /// <summary>Initializes a new instance of the <see cref="SecretsManagerKeySetProvider"/> class.</summary>
    public SecretsManagerKeySetProvider(ISecretValueSource source, IOptions<FirehoseAuthOptions> options, TimeProvider timeProvider, ILogger<SecretsManagerKeySetProvider> logger, FirehoseAuthMetrics metrics)
        : this(source, options, timeProvider, logger, metrics, random: null)
    {
    }

    /// <summary>Initializes a provider with an injectable jitter source (values in [0, 1)).</summary>
    internal SecretsManagerKeySetProvider(ISecretValueSource source, IOptions<FirehoseAuthOptions> options, TimeProvider timeProvider, ILogger<SecretsManagerKeySetProvider> logger, FirehoseAuthMetrics metrics, Func<double>? random)
    {
        ArgumentNullException.ThrowIfNull(source);
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(timeProvider);
        ArgumentNullException.ThrowIfNull(logger);
        ArgumentNullException.ThrowIfNull(metrics);
        var value = options.Value;
        _source = source;
        _options = value.SecretsManager;
        _secretId = _options.SecretId is { Length: > 0 } secretId
            ? secretId
            : throw new InvalidOperationException("FirehoseAuth:SecretsManager:SecretId is not set.");
        _gracePeriod = value.RotationGracePeriod;
        _staleAfter = _options.RefreshInterval * SecretsManagerConstants.StaleAfterRefreshIntervals;
        _timeProvider = timeProvider;
        _logger = logger;
        _metrics = metrics;
        _random = random ?? Random.Shared.NextDouble;
    }

    /// <inheritdoc/>
    /// <remarks>Starts the background refresh on first use if no host started it.</remarks>
    public AccessKeySet? Current
    {
        get
        {
            var current = _current;
            if (current is null)
            {
                Start();
            }

            return current;
        }
    }

    /// <inheritdoc/>
    public void OnUnknownKey()
    {
        Start();
        var now = _timeProvider.GetUtcNow().UtcTicks;
        var earliest = Interlocked.Read(ref _earliestEarlyRefreshUtcTicks);
        if (now < earliest
            || Interlocked.CompareExchange(ref _earliestEarlyRefreshUtcTicks, now + _options.MinRefreshOnMissInterval.Ticks, earliest) != earliest)
        {
            return;
        }

        Log.EarlyRefreshOnUnknownKey(_logger, _secretId);
        _ = RefreshAsync();
    }

    /// <summary>Starts the background refresh loop (idempotent).</summary>
    public void Start()
    {
        if (Volatile.Read(ref _state) != NotStarted)
        {
            return;
        }

        lock (_refreshLock)
        {
            if (_state != NotStarted)
            {
                return;
            }

            _loop = Task.Run(RunAsync);
            Volatile.Write(ref _state, Running);
        }
    }

    /// <summary>Waits until the first key set is loaded, at most <paramref name="timeout"/>.</summary>
    /// <returns><see langword="true"/> when a key set is loaded.</returns>
    public async Task<bool> WaitForFirstLoadAsync(TimeSpan timeout, CancellationToken cancellationToken)
    {
        Start();
        if (_current is not null)
        {
            return true;
        }

        if (timeout <= TimeSpan.Zero && timeout != Timeout.InfiniteTimeSpan)
        {
            return false;
        }

        try
        {
            await _firstLoad.Task.WaitAsync(timeout, _timeProvider, cancellationToken).ConfigureAwait(false);
            return true;
        }
        catch (TimeoutException)
        {
            return _current is not null;
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            // Disposed while waiting.
            return _current is not null;
        }
    }

    /// <inheritdoc/>
    public KeySetStatus GetStatus()
    {
        lock (_statusLock)
        {
            return new KeySetStatus(_current is not null, _lastSuccess, _lastFailure, _lastError, _consecutiveFailures, _staleAfter);
        }
    }

    /// <summary>Stops refreshing and waits for the loop and any call in flight (which are canceled) to end.</summary>
    public async ValueTask DisposeAsync()
    {
        if (!TryStop(out var loop, out var refresh))
        {
            return;
        }

        await loop.ConfigureAwait(false);
        await refresh.ConfigureAwait(false);
        _stopping.Dispose();
    }

    /// <summary>
    /// Stops refreshing without waiting: the loop and any call in flight are canceled and end on their own. A container
    /// disposed synchronously (<c>ServiceProvider.Dispose()</c>) calls this; blocking there on the canceled call could
    /// deadlock under a synchronization context, and an <see cref="IAsyncDisposable"/>-only service would throw.
    /// </summary>
    public void Dispose() => TryStop(out _, out _);

    private bool TryStop(out Task loop, out Task refresh)
    {
        lock (_refreshLock)
        {
            loop = _loop;
            refresh = _refreshInFlight ?? Task.CompletedTask;
            if (_state == Disposed)
            {
                return false;
            }

            _state = Disposed;
        }

        // Not disposed here: the canceled loop may still read its token. DisposeAsync disposes it once the loop ended.
        _stopping.Cancel();
        _firstLoad.TrySetCanceled();
        return true;
    }

    /// <summary>Gets a value indicating whether a refresh is in flight (for tests and diagnostics).</summary>
    internal bool IsRefreshing
    {
        get
        {
            lock (_refreshLock)
            {
                return _refreshInFlight is { IsCompleted: false };
            }
        }
    }

    /// <summary>
    /// Refreshes now, or joins the refresh in flight. Never throws.
    /// </summary>
    /// <returns><see langword="null"/> after a success (or when disposed), otherwise how long to back off.</returns>
    internal Task<TimeSpan?> RefreshAsync()
    {
        lock (_refreshLock)
        {
            if (_refreshInFlight is { IsCompleted: false } inFlight)
            {
                return inFlight;
            }

            if (_state == Disposed)
            {
                return Task.FromResult<TimeSpan?>(null);
            }

            // Task.Run: the caller (a request calling OnUnknownKey) never runs any part of the call itself.
            return _refreshInFlight = Task.Run(RefreshCoreAsync);
        }
    }

    private async Task RunAsync()
    {
        var stopping = _stopping.Token;
        try
        {
            while (!stopping.IsCancellationRequested)
            {
                var retryIn = await RefreshAsync().ConfigureAwait(false);
                var delay = retryIn ?? SecretsManagerBackoff.Spread(_options.RefreshInterval, _random());
                await Task.Delay(delay, _timeProvider, stopping).ConfigureAwait(false);
            }
        }
        catch (OperationCanceledException) when (stopping.IsCancellationRequested)
        {
            // Disposed.
        }
    }

    private async Task<TimeSpan?> RefreshCoreAsync()
    {
        var stopping = _stopping.Token;
        string errorType;
        string errorMessage;
        try
        {
            var current = await _source.GetSecretValueAsync(_secretId, SecretsManagerConstants.CurrentStage, stopping).ConfigureAwait(false);
            if (current is null)
            {
                errorType = "ResourceNotFoundException";
                errorMessage = "The secret has no AWSCURRENT version.";
            }
            else if (!SecretKeyReader.TryReadKey(current, _options, out var currentKey, out var keyError))
            {
                errorType = SecretsManagerConstants.MalformedSecretError;
                errorMessage = $"AWSCURRENT version {current.VersionId}: {keyError}";
            }
            else
            {
                var previous = await _source.GetSecretValueAsync(_secretId, SecretsManagerConstants.PreviousStage, stopping).ConfigureAwait(false);
                Publish(current, currentKey, previous);
                return null;
            }
        }
        catch (OperationCanceledException) when (stopping.IsCancellationRequested)
        {
            return null;
        }
        catch (SecretsManagerException ex)
        {
            errorType = ex.ErrorType.Length > 0 ? ex.ErrorType : nameof(SecretsManagerException);
            errorMessage = ex.Message;
        }
#pragma warning disable CA1031 // A custom ISecretValueSource may throw anything; the loop must survive and keep the last good keys.
        catch (Exception ex)
#pragma warning restore CA1031
        {
            errorType = ex.GetType().Name;
            errorMessage = "The secret value source failed unexpectedly.";
        }

        return RecordFailure(errorType, errorMessage);
    }
}
