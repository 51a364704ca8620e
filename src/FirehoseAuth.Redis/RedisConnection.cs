using System.Diagnostics.CodeAnalysis;
using Microsoft.Extensions.Logging;
using StackExchange.Redis;

namespace FirehoseAuth.Redis;

/// <summary>
/// The connection of the Redis ledger: either the application's <see cref="IConnectionMultiplexer"/> (not owned), or
/// one created from a connection string on first use, owned and disposed here.
/// </summary>
/// <remarks>
/// The owned connection never aborts on a failed first connect (<c>abortConnect=false</c>): it keeps reconnecting in
/// the background, and until it is connected the calls fail (after the connection string's timeouts), which the
/// pipeline treats as "store unavailable".
/// </remarks>
internal sealed class RedisConnection : IAsyncDisposable, IDisposable
{
    private readonly IConnectionMultiplexer? _external;
    private readonly ConfigurationOptions? _options;
    private readonly Lock _lock = new();
    private Task<ConnectionMultiplexer>? _connecting;
    private bool _disposed;

    /// <summary>Initializes a connection that uses <paramref name="multiplexer"/>, which the caller keeps owning.</summary>
    public RedisConnection(IConnectionMultiplexer multiplexer)
    {
        ArgumentNullException.ThrowIfNull(multiplexer);
        _external = multiplexer;
    }

    /// <summary>Initializes a connection that connects with <paramref name="configuration"/> on first use.</summary>
    /// <param name="configuration">A StackExchange.Redis connection string.</param>
    /// <param name="loggerFactory">Receives StackExchange.Redis's connection events, or <see langword="null"/>.</param>
    public RedisConnection(string configuration, ILoggerFactory? loggerFactory)
    {
        if (!TryParse(configuration, out var options))
        {
            // Never quote the string: it may hold a password.
            throw new ArgumentException("The value is not a StackExchange.Redis connection string.", nameof(configuration));
        }

        options.AbortOnConnectFail = false;
        options.LoggerFactory ??= loggerFactory;
        _options = options;
    }

    /// <summary>Gets a value indicating whether this instance created (and so disposes) the multiplexer.</summary>
    public bool OwnsMultiplexer => _external is null;

    /// <summary>Parses a StackExchange.Redis connection string.</summary>
    public static bool TryParse(string? configuration, [NotNullWhen(true)] out ConfigurationOptions? options)
    {
        options = null;
        if (string.IsNullOrWhiteSpace(configuration))
        {
            return false;
        }

        try
        {
            options = ConfigurationOptions.Parse(configuration);
            return options.EndPoints.Count > 0;
        }
        catch (Exception e) when (e is ArgumentException or FormatException)
        {
            return false;
        }
    }

    /// <summary>Gets the multiplexer, connecting on the first call (and again after a failed attempt).</summary>
    /// <param name="cancellationToken">Cancels the wait; the connection attempt goes on.</param>
    public ValueTask<IConnectionMultiplexer> GetAsync(CancellationToken cancellationToken)
    {
        if (_external is not null)
        {
            return new(_external);
        }

        var connecting = Volatile.Read(ref _connecting);
        return connecting is { IsCompletedSuccessfully: true } ? new(connecting.Result) : ConnectAsync(cancellationToken);
    }

    /// <inheritdoc/>
    public async ValueTask DisposeAsync()
    {
        if (TakeForDisposal() is { } connecting)
        {
            try
            {
                await (await connecting.ConfigureAwait(false)).DisposeAsync().ConfigureAwait(false);
            }
            catch (RedisException)
            {
                // The connection never came up: nothing to dispose.
            }
        }
    }

    /// <inheritdoc/>
    public void Dispose()
    {
        if (TakeForDisposal() is { } connecting)
        {
            // Dispose synchronously when connected; a connection attempt still running is disposed when it ends.
            _ = connecting.ContinueWith(static t => t.Result.Dispose(), CancellationToken.None, TaskContinuationOptions.OnlyOnRanToCompletion | TaskContinuationOptions.ExecuteSynchronously, TaskScheduler.Default);
        }
    }

    private Task<ConnectionMultiplexer>? TakeForDisposal()
    {
        lock (_lock)
        {
            if (_disposed)
            {
                return null;
            }

            _disposed = true;
            return _connecting;
        }
    }

    private async ValueTask<IConnectionMultiplexer> ConnectAsync(CancellationToken cancellationToken)
    {
        Task<ConnectionMultiplexer> connecting;
        lock (_lock)
        {
            ObjectDisposedException.ThrowIf(_disposed, this);
            if (_connecting is null || _connecting.IsFaulted || _connecting.IsCanceled)
            {
                _connecting = ConnectionMultiplexer.ConnectAsync(_options!.Clone());
            }

            connecting = _connecting;
        }

        return await connecting.WaitAsync(cancellationToken).ConfigureAwait(false);
    }
}
