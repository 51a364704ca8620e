using FirehoseAuth.AspNetCore.Tests.Infrastructure;
using FirehoseAuth.Protocol;
using FirehoseAuth.Tests.Secrets.Fakes;
using Microsoft.AspNetCore.Server.Kestrel.Core;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace FirehoseAuth.AspNetCore.Tests.Adversarial;

/// <summary>
/// One real endpoint on 127.0.0.1 (Kestrel configured with <c>ConfigureForFirehose</c>, default limits) shared by a
/// test class; the handler only counts, so that nothing it keeps skews the memory assertions.
/// </summary>
public sealed class AdversarialServer : IAsyncLifetime
{
    private long _delivered;
    private FirehoseTestServer? _server;

    public FirehoseTestServer Server => _server ?? throw new InvalidOperationException("not started");

    public long Delivered => Interlocked.Read(ref _delivered);

    public static long OutstandingBuffers => CountingSharedPool.Instance.Outstanding;

    public static long OutstandingDeliveries => DeliveryPool.Outstanding;

    public async Task InitializeAsync()
    {
        _server = await FirehoseTestServer.StartAsync(
            o => o.AccessKey = Deliveries.Key,
            (delivery, _) =>
            {
                Interlocked.Increment(ref _delivered);
                return ValueTask.CompletedTask;
            },
            QuietLogging,
            k => k.ConfigureForFirehose());
    }

    /// <summary>
    /// Keeps only warnings and errors: the test server's FakeLogCollector otherwise keeps every Debug record of every
    /// request for the life of the server, which would show up as heap growth that is not the library's.
    /// </summary>
    public static void QuietLogging(IServiceCollection services)
        => services.Configure<LoggerFilterOptions>(o =>
        {
            o.Rules.Clear();
            o.MinLevel = LogLevel.Warning;
        });

    public async Task DisposeAsync()
    {
        if (_server is not null)
        {
            await _server.DisposeAsync();
        }
    }

    /// <summary>Asserts that a valid delivery is still answered 200 and reaches the handler.</summary>
    public async Task AssertStillServingAsync()
    {
        var before = Delivered;
        var requestId = Deliveries.NewRequestId();
        var response = await Server.SendAsync(Deliveries.Request(requestId, Deliveries.Body(requestId, Deliveries.Utf8("still serving"))));
        Assert.Equal(200, response.StatusCode);
        Assert.Equal(requestId, response.RequestId);
        Assert.Null(response.ErrorMessage);
        Assert.Equal(before + 1, Delivered);
    }

    /// <summary>Asserts that every pooled buffer and delivery went back (the request path returns them before answering).</summary>
    public static async Task AssertPoolsDrainedAsync()
    {
        await Eventually.TrueAsync(() => OutstandingBuffers == 0 && OutstandingDeliveries == 0, "every pooled buffer and delivery to be returned");
        Assert.Equal(0, OutstandingBuffers);
        Assert.Equal(0, OutstandingDeliveries);
    }
}
