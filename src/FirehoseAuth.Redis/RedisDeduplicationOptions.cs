namespace FirehoseAuth.Redis;

/// <summary>
/// Where the Redis delivery ledger keeps its entries (configuration section <c>FirehoseAuth:Deduplication:Redis</c>).
/// </summary>
/// <remarks>
/// Each delivery is one key, so the ledger works on a single server, a Redis Cluster and Valkey alike. The connection
/// string may hold a password: FirehoseAuth never logs it or puts it in an exception message.
/// </remarks>
public sealed class RedisDeduplicationOptions
{
    /// <summary>The configuration section name, <c>FirehoseAuth:Deduplication:Redis</c>.</summary>
    public const string SectionName = "FirehoseAuth:Deduplication:Redis";

    /// <summary>
    /// Gets or sets the StackExchange.Redis connection string, such as
    /// <c>redis.internal:6379,password=…,ssl=true,asyncTimeout=1000</c>. When set, FirehoseAuth connects on first use
    /// (in the background, so a Redis that is down at start-up does not stop the host) and owns the connection. When
    /// not set, the <c>IConnectionMultiplexer</c> registered in the container is used.
    /// </summary>
    /// <value>The default value is <see langword="null"/>.</value>
    public string? Configuration { get; set; }

    /// <summary>Gets or sets the prefix of every key the ledger writes; a prefix no other application uses.</summary>
    /// <value>The default value is <c>firehoseauth:dedupe:</c>.</value>
    public string KeyPrefix { get; set; } = "firehoseauth:dedupe:";

    /// <summary>Gets or sets the database number; -1 is the connection's default database. A Redis Cluster has only database 0.</summary>
    /// <value>The default value is -1 (the connection string's <c>defaultDatabase</c>, else 0).</value>
    public int Database { get; set; } = -1;
}
