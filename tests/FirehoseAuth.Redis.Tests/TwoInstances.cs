using FirehoseAuth.Deduplication;
using StackExchange.Redis;

namespace FirehoseAuth.Redis.Tests;

/// <summary>Two ledgers with a connection each (two "instances" of a service) on one Redis, and an inspection connection.</summary>
internal sealed class TwoInstances : IAsyncDisposable
{
    private readonly RedisConnection _first;
    private readonly RedisConnection _second;

    public TwoInstances(RedisServer server, string keyPrefix = "firehoseauth:dedupe:", int database = -1)
    {
        _first = new RedisConnection(server.ConnectionString, loggerFactory: null);
        _second = new RedisConnection(server.ConnectionString, loggerFactory: null);
        First = new RedisDeliveryLedger(_first, keyPrefix, database);
        Second = new RedisDeliveryLedger(_second, keyPrefix, database);
        Inspector = ConnectionMultiplexer.Connect(server.ConnectionString);
    }

    public RedisDeliveryLedger First { get; }

    public RedisDeliveryLedger Second { get; }

    public ConnectionMultiplexer Inspector { get; }

    public static FirehoseDeliveryKey NewKey()
        => new("default", "arn:aws:firehose:us-east-1:123456789012:deliverystream/s", Guid.NewGuid().ToString());

    public async ValueTask DisposeAsync()
    {
        await _first.DisposeAsync();
        await _second.DisposeAsync();
        await Inspector.DisposeAsync();
    }
}
