using System.Diagnostics;
using FirehoseAuth.AspNetCore.Tests.Infrastructure;
using FirehoseAuth.Diagnostics;
using FirehoseAuth.Pipeline;
using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using OpenTelemetry;
using OpenTelemetry.Trace;

namespace FirehoseAuth.AspNetCore.Tests;

/// <summary>Several streams in one ASP.NET Core app, handler classes from the request scope, and start-up failures.</summary>
public sealed class FirehoseEndpointStreamsTests
{
    private const string LogsKey = "logs-stream-key-0123456789abcdef01";

    [Fact]
    public async Task Two_streams_each_take_only_their_own_key_and_a_handler_class_runs_in_the_request_scope_with_the_HttpContext()
    {
        await using var app = await StartAsync(services => services.AddScoped<ScopedHandler>().AddScoped<ScopedDependency>(), app =>
        {
            app.MapFirehoseEndpoint("/firehose", static (_, _) => ValueTask.CompletedTask);
            app.MapFirehoseEndpoint<ScopedHandler>("/firehose/logs", "logs");
        });

        foreach (var (path, key, expected) in new[] { ("/firehose", Deliveries.Key, 200), ("/firehose", LogsKey, 401), ("/firehose/logs", LogsKey, 200), ("/firehose/logs", Deliveries.Key, 401), ("/firehose/logs", LogsKey, 200) })
        {
            Assert.Equal(expected, await app.DeliverAsync(path, key));
        }

        var seen = app.Services.GetRequiredService<ScopedHandler.Seen>();
        Assert.Equal(2, seen.Calls.Count);
        Assert.All(seen.Calls, c => Assert.Equal(("logs", "/firehose/logs"), (c.Stream, c.Path)));
        Assert.NotEqual(seen.Calls[0].ScopeId, seen.Calls[1].ScopeId); // a new scope per delivery
    }

    [Fact]
    public async Task A_handler_class_that_cannot_be_resolved_is_answered_500_and_logged()
    {
        await using var app = await StartAsync(services => services.AddScoped<NeedsMissingService>(), app => app.MapFirehoseEndpoint<NeedsMissingService>("/firehose"));
        var id = Deliveries.NewRequestId();

        using var response = await app.Client.SendAsync(Deliveries.Request(id, Deliveries.Body(id, Deliveries.Utf8("x"))));

        Assert.Equal(500, (int)response.StatusCode);
        Assert.Contains(app.Logs.GetSnapshot(), r => r.Level == LogLevel.Error && r.Exception is InvalidOperationException);
    }

    [Fact]
    public async Task Mapping_a_stream_that_was_never_registered_fails_at_start_up_naming_it()
    {
        var ex = await Assert.ThrowsAsync<InvalidOperationException>(() => StartAsync(_ => { }, app => app.MapFirehoseEndpoint("/firehose/audit", "audit", static (_, _) => ValueTask.CompletedTask)));

        Assert.Contains("'audit'", ex.Message, StringComparison.Ordinal);
        Assert.Contains("AddFirehoseAuth(\"audit\"", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Mapping_a_handler_class_that_is_not_registered_fails_at_start_up()
    {
        var ex = await Assert.ThrowsAsync<InvalidOperationException>(() => StartAsync(_ => { }, app => app.MapFirehoseEndpoint<ScopedHandler>("/firehose")));

        Assert.Contains(nameof(ScopedHandler), ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task The_delivery_activity_is_a_child_of_ASP_NET_Core_s_request_activity()
    {
        var exported = new List<Activity>();
        using var tracer = Sdk.CreateTracerProviderBuilder()
            .AddSource(FirehoseAuthDiagnostics.ActivitySourceName, "Microsoft.AspNetCore")
            .AddInMemoryExporter(exported)
            .Build();
        await using var app = await StartAsync(_ => { }, app => app.MapFirehoseEndpoint("/firehose", static (_, _) => ValueTask.CompletedTask));
        var id = Deliveries.NewRequestId();

        using (var response = await app.Client.SendAsync(Deliveries.Request(id, Deliveries.Body(id, Deliveries.Utf8("x")))))
        {
            Assert.Equal(200, (int)response.StatusCode);
        }

        // The listener is process-wide: tests running in parallel add their own activities, so it is shut down (which
        // flushes it) before the list is read, and this test's activity is known by its request id.
        tracer!.Dispose();
        var delivery = Assert.Single(exported, a => a.Source.Name == FirehoseAuthDiagnostics.ActivitySourceName && Equals(a.GetTagItem("messaging.message.id"), id));
        var request = Assert.Single(exported, a => a.Source.Name == "Microsoft.AspNetCore" && a.SpanId == delivery.ParentSpanId);
        Assert.Equal(request.TraceId, delivery.TraceId);
    }

    private static Task<StreamsApp> StartAsync(Action<IServiceCollection> services, Action<WebApplication> map)
        => StreamsApp.StartAsync(
            s =>
            {
                s.AddFirehoseAuth(o => o.AccessKey = Deliveries.Key);
                s.AddFirehoseAuth("logs", o => o.AccessKey = LogsKey);
                s.AddSingleton<ScopedHandler.Seen>();
                services(s);
            },
            map);

    public sealed class ScopedDependency
    {
        public Guid Id { get; } = Guid.NewGuid();
    }

    public sealed class ScopedHandler(ScopedDependency scoped, ScopedHandler.Seen seen) : IFirehoseDeliveryHandler
    {
        public ValueTask HandleAsync(FirehoseDeliveryContext context)
        {
            var http = context.GetHttpContext() ?? throw new InvalidOperationException("no HttpContext");
            Assert.Same(http.RequestServices, context.RequestServices);
            seen.Calls.Add((context.StreamName, http.Request.Path.Value!, scoped.Id));
            return ValueTask.CompletedTask;
        }

        public sealed class Seen
        {
            public List<(string Stream, string Path, Guid ScopeId)> Calls { get; } = [];
        }
    }

    public sealed class MissingService;

    public sealed class NeedsMissingService(MissingService missing) : IFirehoseDeliveryHandler
    {
        public MissingService Missing { get; } = missing;

        public ValueTask HandleAsync(FirehoseDeliveryContext context) => ValueTask.CompletedTask;
    }
}
