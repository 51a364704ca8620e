using System.Collections.Concurrent;
using FirehoseAuth.Protocol;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Server.Kestrel.Core;
using Microsoft.Extensions.DependencyInjection;

namespace FirehoseAuth.Testing.Tests.Infrastructure;

/// <summary>The project's own endpoint on Kestrel (127.0.0.1, port 0), set up through public API only.</summary>
public sealed class ProjectEndpoint : IAsyncDisposable
{
    public const string Key = "testing-key-0123456789";

    private LoopbackApp? _app;

    public Uri Url => _app!.Url;

    /// <summary>Each delivery's request id and decoded records, in arrival order.</summary>
    public ConcurrentQueue<(string RequestId, byte[][] Records)> Received { get; } = new();

    public static async Task<ProjectEndpoint> StartAsync()
    {
        var endpoint = new ProjectEndpoint();
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.ConfigureKestrel(o => o.ConfigureForFirehose());
        builder.Services.AddFirehoseAuth(o => o.AccessKey = Key);
        endpoint._app = await LoopbackApp.StartAsync(builder, app => app.MapFirehoseEndpoint("/firehose", (FirehoseDelivery delivery, CancellationToken _) =>
        {
            endpoint.Received.Enqueue((delivery.RequestId, delivery.Records.Select(r => r.ToArray()).ToArray()));
            return ValueTask.CompletedTask;
        }));
        return endpoint;
    }

    public ValueTask DisposeAsync() => _app?.DisposeAsync() ?? ValueTask.CompletedTask;
}
