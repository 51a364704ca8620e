using System.Buffers;
using System.Collections.Concurrent;
using System.Text;
using FirehoseAuth.Deduplication;
using FirehoseAuth.Pipeline;
using Microsoft.Extensions.DependencyInjection;

namespace FirehoseAuth.Redis.Tests;

/// <summary>
/// Receivers (containers, each with its own pipeline and Redis connection) on one real redis-server, and deliveries to
/// them as Firehose sends them.
/// </summary>
internal static class Receivers
{
    public const string Key = "redis-pipeline-key-0123456789abcdef";

    public static ServiceProvider Create(RedisServer server, StoreUnavailableBehavior behavior = StoreUnavailableBehavior.RunHandler, Action<DeduplicationOptions>? configure = null)
        => new ServiceCollection()
            .AddLogging()
            .AddFirehoseAuth(o =>
            {
                o.AccessKey = Key;
                o.Deduplication.Store = DeduplicationStore.Redis;
                o.Deduplication.WhenStoreUnavailable = behavior;
                configure?.Invoke(o.Deduplication);
            })
            .AddFirehoseAuthRedisDeduplication(o => o.Configuration = server.ConnectionString)
            .BuildServiceProvider(new ServiceProviderOptions { ValidateOnBuild = true });

    public static async Task<int> DeliverAsync(ServiceProvider receiver, string id, IFirehoseDeliveryHandler handler)
    {
        var body = Encoding.UTF8.GetBytes($"{{\"requestId\":\"{id}\",\"timestamp\":1700000000000,\"records\":[{{\"data\":\"aGVsbG8=\"}}]}}");
        var response = new ArrayBufferWriter<byte>();
        var result = await receiver.GetRequiredService<FirehoseDeliveryPipeline>().ProcessAsync(new ReceiverRequest(id, body), handler, response, CancellationToken.None);
        return result.StatusCode;
    }

    /// <summary>Sends <paramref name="id"/> until it is answered 200, as Firehose does; every other answer must be 503.</summary>
    public static async Task DeliverUntil200Async(ServiceProvider receiver, string id, IFirehoseDeliveryHandler handler)
    {
        for (var attempt = 0; attempt < 200; attempt++)
        {
            var status = await DeliverAsync(receiver, id, handler);
            if (status == 200)
            {
                return;
            }

            Assert.Equal(503, status); // held by the other receiver: Firehose backs off and retries
            await Task.Delay(5);
        }

        Assert.Fail($"delivery {id} was never answered 200");
    }

    /// <summary>
    /// Waits until both receivers' connections answer: the package connects in the background, and a claim that times
    /// out while it connects is treated as "store unavailable" (the handler runs, and the claim, should Redis write it
    /// after all, is released in the background), which is right for Firehose but not what these tests are about.
    /// </summary>
    public static Task WarmUpAsync(ServiceProvider first, ServiceProvider second, ConcurrentDictionary<string, int> handled)
        => Eventually.Until(
            async () =>
            {
                var id = Guid.NewGuid().ToString();
                await DeliverAsync(first, id, new CountingHandler(handled));
                await DeliverAsync(second, id, new CountingHandler(handled));
                return handled.GetValueOrDefault(id);
            },
            calls => calls == 1,
            TimeSpan.FromSeconds(30),
            "both receivers deduplicate through Redis");
}
