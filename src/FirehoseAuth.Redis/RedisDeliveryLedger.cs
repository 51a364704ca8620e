using System.Globalization;
using FirehoseAuth.Deduplication;
using StackExchange.Redis;

namespace FirehoseAuth.Redis;

/// <summary>
/// An <see cref="IDeliveryLedger"/> on Redis (or Valkey), shared by every instance of the service: one key per
/// delivery, claimed with <c>SET NX PX</c>, completed and released by compare-and-set scripts on the claim's token.
/// </summary>
/// <remarks>
/// <para>
/// The key is <c>{KeyPrefix}{stream length}:{stream}:{source ARN length}:{source ARN}:{request id}</c> (the lengths keep
/// names that contain <c>:</c> apart; a missing source ARN is written as empty). The token is a random 64-bit number
/// per claim, so two instances never share one. Redis keeps the time: a lease or a retention runs out on the server.
/// </para>
/// <para>
/// StackExchange.Redis takes no cancellation token, so a cancelled call stops waiting while the command goes on. When
/// a claim is abandoned that way and turns out to have succeeded, the ledger releases it in the background, so that the
/// retry need not wait for the lease to run out. A claim that fails on the client (its <c>asyncTimeout</c> ran out, the
/// connection broke) may still run on the server once it catches up, so the ledger releases it too: the release is sent
/// after the claim on the same connection, and does nothing when the claim was never written.
/// </para>
/// </remarks>
internal sealed class RedisDeliveryLedger : IDeliveryLedger
{
    private readonly RedisConnection _connection;
    private readonly string _keyPrefix;
    private readonly int _database;

    /// <summary>Initializes the ledger.</summary>
    /// <param name="connection">The connection (shared; not disposed by the ledger).</param>
    /// <param name="keyPrefix">The prefix of every key.</param>
    /// <param name="database">The database number, or -1 for the connection's default.</param>
    public RedisDeliveryLedger(RedisConnection connection, string keyPrefix, int database)
    {
        ArgumentNullException.ThrowIfNull(connection);
        ArgumentNullException.ThrowIfNull(keyPrefix);
        ArgumentOutOfRangeException.ThrowIfLessThan(database, -1);
        _connection = connection;
        _keyPrefix = keyPrefix;
        _database = database;
    }

    /// <inheritdoc/>
    public async ValueTask<DeliveryClaim> TryClaimAsync(FirehoseDeliveryKey key, TimeSpan lease, CancellationToken cancellationToken)
    {
        var redisKey = ToRedisKey(key);
        var leaseMilliseconds = ToMilliseconds(lease);
        var database = await GetDatabaseAsync(cancellationToken).ConfigureAwait(false);
        var token = NewToken();
        var pending = database.ScriptEvaluateAsync(RedisLedgerScripts.Claim, [redisKey], [ClaimedValue(token), leaseMilliseconds]);
        RedisResult result;
        try
        {
            result = await pending.WaitAsync(cancellationToken).ConfigureAwait(false);
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            _ = ReleaseAbandonedClaimAsync(database, pending, redisKey, token);
            throw;
        }
        catch (Exception e) when (e is RedisException or TimeoutException)
        {
            // RedisTimeoutException is a TimeoutException, not a RedisException.
            _ = ReleaseQuietlyAsync(database, redisKey, token);
            throw;
        }

        return ToClaim(result, token);
    }

    /// <inheritdoc/>
    public async ValueTask CompleteAsync(FirehoseDeliveryKey key, long token, TimeSpan retention, CancellationToken cancellationToken)
    {
        var redisKey = ToRedisKey(key);
        var retentionMilliseconds = ToMilliseconds(retention);
        var database = await GetDatabaseAsync(cancellationToken).ConfigureAwait(false);
        await database.ScriptEvaluateAsync(RedisLedgerScripts.Complete, [redisKey], [ClaimedValue(token), CompletedValue(token), retentionMilliseconds])
            .WaitAsync(cancellationToken).ConfigureAwait(false);
    }

    /// <inheritdoc/>
    public async ValueTask ReleaseAsync(FirehoseDeliveryKey key, long token, CancellationToken cancellationToken)
    {
        var redisKey = ToRedisKey(key);
        var database = await GetDatabaseAsync(cancellationToken).ConfigureAwait(false);
        await database.ScriptEvaluateAsync(RedisLedgerScripts.Release, [redisKey], [ClaimedValue(token)])
            .WaitAsync(cancellationToken).ConfigureAwait(false);
    }

    /// <summary>Builds the Redis key of a delivery.</summary>
    internal string ToRedisKey(FirehoseDeliveryKey key)
    {
        ArgumentNullException.ThrowIfNull(key.StreamName, nameof(key));
        ArgumentNullException.ThrowIfNull(key.RequestId, nameof(key));
        var sourceArn = key.SourceArn ?? string.Empty;
        return string.Create(CultureInfo.InvariantCulture, $"{_keyPrefix}{key.StreamName.Length}:{key.StreamName}:{sourceArn.Length}:{sourceArn}:{key.RequestId}");
    }

    private static long ToMilliseconds(TimeSpan duration)
    {
        ArgumentOutOfRangeException.ThrowIfLessThanOrEqual(duration, TimeSpan.Zero);
        return Math.Max(1, (long)Math.Ceiling(duration.TotalMilliseconds));
    }

    private static long NewToken() => Random.Shared.NextInt64(1, long.MaxValue);

    private static string ClaimedValue(long token) => RedisLedgerScripts.ClaimedPrefix + token.ToString(CultureInfo.InvariantCulture);

    private static string CompletedValue(long token) => RedisLedgerScripts.CompletedPrefix + token.ToString(CultureInfo.InvariantCulture);

    private static bool IsClaimed(RedisResult result) => result.Length >= 1 && (long)result[0] == 1;

    private static DeliveryClaim ToClaim(RedisResult result, long token)
    {
        if (IsClaimed(result))
        {
            return new DeliveryClaim(DeliveryClaimOutcome.Claimed, token, TimeSpan.Zero);
        }

        var value = result.Length == 3 ? (string?)result[1] : null;
        if (value is not null && value.StartsWith(RedisLedgerScripts.CompletedPrefix, StringComparison.Ordinal))
        {
            return new DeliveryClaim(DeliveryClaimOutcome.AlreadyCompleted, 0, TimeSpan.Zero);
        }

        if (value is not null && value.StartsWith(RedisLedgerScripts.ClaimedPrefix, StringComparison.Ordinal))
        {
            var remaining = (long)result[2];
            return new DeliveryClaim(DeliveryClaimOutcome.HeldElsewhere, 0, remaining > 0 ? TimeSpan.FromMilliseconds(remaining) : TimeSpan.Zero);
        }

        throw new InvalidOperationException("The Redis key of this delivery holds a value FirehoseAuth did not write; choose a KeyPrefix that no other application uses.");
    }

    private async ValueTask<IDatabase> GetDatabaseAsync(CancellationToken cancellationToken)
    {
        cancellationToken.ThrowIfCancellationRequested();
        var multiplexer = await _connection.GetAsync(cancellationToken).ConfigureAwait(false);
        return multiplexer.GetDatabase(_database);
    }

    // A claim the caller stopped waiting for may still have been written: release it, so that the retry can claim it.
    private static async Task ReleaseAbandonedClaimAsync(IDatabase database, Task<RedisResult> pending, RedisKey key, long token)
    {
        try
        {
            if (!IsClaimed(await pending.ConfigureAwait(false)))
            {
                return;
            }
        }
        catch (Exception e) when (e is RedisException or TimeoutException)
        {
            // Unanswered is not unwritten: release anyway.
        }

        await ReleaseQuietlyAsync(database, key, token).ConfigureAwait(false);
    }

    private static async Task ReleaseQuietlyAsync(IDatabase database, RedisKey key, long token)
    {
        try
        {
            await database.ScriptEvaluateAsync(RedisLedgerScripts.Release, [key], [ClaimedValue(token)]).ConfigureAwait(false);
        }
        catch (Exception e) when (e is RedisException or TimeoutException)
        {
            // The store is failing; the claim, if written, ends with its lease.
        }
    }
}
