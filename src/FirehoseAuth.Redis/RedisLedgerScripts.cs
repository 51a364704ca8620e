namespace FirehoseAuth.Redis;

/// <summary>
/// The Lua scripts of <see cref="RedisDeliveryLedger"/>. Each touches one key (<c>KEYS[1]</c>), so it runs on the node
/// that owns the key in a Redis Cluster, and Redis runs it atomically. The value is <c>c:{token}</c> while claimed and
/// <c>d:{token}</c> once completed; the key's expiry is the lease, then the retention.
/// </summary>
internal static class RedisLedgerScripts
{
    /// <summary>The value's prefix while the delivery is claimed.</summary>
    public const string ClaimedPrefix = "c:";

    /// <summary>The value's prefix once the delivery is completed.</summary>
    public const string CompletedPrefix = "d:";

    /// <summary>
    /// <c>SET key c:{token} NX PX lease</c>; when the key exists, answers its value and remaining time to live.
    /// ARGV: claimed value, lease in milliseconds. Returns <c>{1}</c>, or <c>{0, value, pttl}</c>.
    /// </summary>
    public const string Claim = """
        if redis.call('SET', KEYS[1], ARGV[1], 'NX', 'PX', ARGV[2]) then return {1} end
        return {0, redis.call('GET', KEYS[1]), redis.call('PTTL', KEYS[1])}
        """;

    /// <summary>
    /// Compare and set: when the value is still <c>ARGV[1]</c> (this claim), sets <c>ARGV[2]</c> (completed) with
    /// <c>ARGV[3]</c> milliseconds to live. Returns 1 when it did, 0 otherwise.
    /// </summary>
    public const string Complete = """
        if redis.call('GET', KEYS[1]) == ARGV[1] then
          redis.call('SET', KEYS[1], ARGV[2], 'PX', ARGV[3])
          return 1
        end
        return 0
        """;

    /// <summary>Compare and delete: when the value is still <c>ARGV[1]</c> (this claim), deletes the key. Returns 1 when it did, 0 otherwise.</summary>
    public const string Release = """
        if redis.call('GET', KEYS[1]) == ARGV[1] then return redis.call('DEL', KEYS[1]) end
        return 0
        """;
}
