using System.Buffers;
using System.Collections.Concurrent;
using System.IO.Pipelines;
using System.Text;
using FirehoseAuth.Deduplication;
using FirehoseAuth.Pipeline;
using FirehoseAuth.Protocol;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Primitives;

namespace FirehoseAuth.Redis.Tests;

/// <summary>
/// Two receivers (two containers, each with its own pipeline and Redis connection) behind one load balancer, sharing
/// one real redis-server: Firehose's retries of one request id reach the handler once, across both.
/// </summary>
public sealed class PipelinesOnOneRedisTests : IDisposable
{
    private const string Key = "redis-pipeline-key-0123456789abcdef";
    private readonly RedisServer _server = new();

    public void Dispose() => _server.Dispose();

    [Fact]
    public async Task The_same_request_id_sent_to_both_receivers_at_once_and_retried_until_200_is_handled_exactly_once()
    {
        await using var first = Receiver(_server);
        await using var second = Receiver(_server);
        var handled = new ConcurrentDictionary<string, int>();
        var handler = new CountingHandler(handled);
        await WarmUpAsync(first, second, handled);
        handled.Clear();
        var ids = Enumerable.Range(0, 40).Select(_ => Guid.NewGuid().ToString()).ToList();

        // Like Firehose after a timeout: each id goes to both instances concurrently, and whoever got a non-200 retries.
        await Parallel.ForEachAsync(ids, async (id, _) =>
        {
            await Task.WhenAll(DeliverUntil200Async(first, id, handler), DeliverUntil200Async(second, id, handler));
        });

        Assert.Equal(ids.Count, handled.Count);
        Assert.All(handled.Values, calls => Assert.Equal(1, calls));
    }

    [Fact]
    public async Task A_handler_failure_on_one_receiver_lets_the_retry_on_the_other_run_it_and_then_no_more()
    {
        await using var first = Receiver(_server);
        await using var second = Receiver(_server);
        var handled = new ConcurrentDictionary<string, int>();
        await WarmUpAsync(first, second, handled);
        var id = Guid.NewGuid().ToString();

        Assert.Equal(500, await DeliverAsync(first, id, new CountingHandler(handled, fail: true)));
        await DeliverUntil200Async(second, id, new CountingHandler(handled));
        Assert.Equal(200, await DeliverAsync(first, id, new CountingHandler(handled)));

        Assert.Equal(2, handled[id]); // the failed run and the retry that succeeded; never a third
    }

    [Fact]
    public async Task With_Redis_down_deliveries_are_still_handled_by_default_or_refused_with_503_when_asked_and_deduplication_resumes_after_a_restart()
    {
        await using var lenient = Receiver(_server);
        await using var strict = Receiver(_server, StoreUnavailableBehavior.Reject);
        var handled = new ConcurrentDictionary<string, int>();
        var handler = new CountingHandler(handled);
        Assert.Equal(200, await DeliverAsync(lenient, Guid.NewGuid().ToString(), handler)); // connected

        _server.Stop();
        var duringOutage = Guid.NewGuid().ToString();
        Assert.Equal(200, await DeliverAsync(lenient, duringOutage, handler));
        Assert.Equal(1, handled[duringOutage]);
        Assert.Equal(503, await DeliverAsync(strict, Guid.NewGuid().ToString(), handler));

        _server.Restart();
        await Eventually.Until(
            async () =>
            {
                // Once the ledger answers again, a retry of a handled id, sent to the other receiver, no longer reaches the handler.
                var id = Guid.NewGuid().ToString();
                var answers = (await DeliverAsync(strict, id, handler), await DeliverAsync(lenient, id, handler));
                return (answers, calls: handled.GetValueOrDefault(id));
            },
            r => r.answers == (200, 200) && r.calls == 1,
            TimeSpan.FromSeconds(30),
            "deduplication resumed after the restart");
    }

    /// <summary>
    /// Waits until both receivers' connections answer: the package connects in the background, and a claim that times
    /// out while it connects is treated as "store unavailable" (the handler runs; the late claim is released in the
    /// background), which is right for Firehose but not what these tests are about.
    /// </summary>
    private static Task WarmUpAsync(ServiceProvider first, ServiceProvider second, ConcurrentDictionary<string, int> handled)
        => Eventually.Until(
            async () =>
            {
                var id = Guid.NewGuid().ToString();
                await DeliverAsync(first, id, new CountingHandler(handled));
                await DeliverAsync(second, id, new CountingHandler(handled));
                return handled[id];
            },
            calls => calls == 1,
            TimeSpan.FromSeconds(30),
            "both receivers deduplicate through Redis");

    private static async Task DeliverUntil200Async(ServiceProvider receiver, string id, IFirehoseDeliveryHandler handler)
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

    private static ServiceProvider Receiver(RedisServer server, StoreUnavailableBehavior behavior = StoreUnavailableBehavior.RunHandler)
        => new ServiceCollection()
            .AddLogging()
            .AddFirehoseAuth(o =>
            {
                o.AccessKey = Key;
                o.Deduplication.Store = DeduplicationStore.Redis;
                o.Deduplication.WhenStoreUnavailable = behavior;
            })
            .AddFirehoseAuthRedisDeduplication(o => o.Configuration = server.ConnectionString)
            .BuildServiceProvider(new ServiceProviderOptions { ValidateOnBuild = true });

    private static async Task<int> DeliverAsync(ServiceProvider receiver, string id, IFirehoseDeliveryHandler handler)
    {
        var body = Encoding.UTF8.GetBytes($"{{\"requestId\":\"{id}\",\"timestamp\":1700000000000,\"records\":[{{\"data\":\"aGVsbG8=\"}}]}}");
        var response = new ArrayBufferWriter<byte>();
        var result = await receiver.GetRequiredService<FirehoseDeliveryPipeline>().ProcessAsync(new Request(id, body), handler, response, CancellationToken.None);
        return result.StatusCode;
    }

    private readonly struct Request(string id, byte[] body) : IFirehoseHttpRequest
    {
        public string Method => "POST";

        public long? ContentLength => body.Length;

        public PipeReader? BodyReader => null;

        public Stream? Body => new MemoryStream(body);

        public object? HostContext => null;

        public IServiceProvider? RequestServices => null;

        public StringValues GetHeader(string name) => name switch
        {
            FirehoseHeaderNames.AccessKey => Key,
            FirehoseHeaderNames.RequestId => id,
            FirehoseHeaderNames.SourceArn => "arn:aws:firehose:us-east-1:123456789012:deliverystream/logs",
            "Content-Type" => "application/json",
            _ => StringValues.Empty,
        };

        public bool TryRaiseMaxBodySize(long maxBodySize) => true;

        public FirehoseBodyReadFailure ClassifyBodyReadFailure(Exception exception) => FirehoseBodyReadFailure.None;
    }

    private sealed class CountingHandler(ConcurrentDictionary<string, int> handled, bool fail = false) : IFirehoseDeliveryHandler
    {
        public async ValueTask HandleAsync(FirehoseDeliveryContext context)
        {
            handled.AddOrUpdate(context.Delivery.RequestId, 1, static (_, n) => n + 1);
            await Task.Yield(); // a handler that takes a moment, so the two receivers overlap
            if (fail)
            {
                throw new InvalidOperationException("the store behind the handler is down");
            }
        }
    }
}
