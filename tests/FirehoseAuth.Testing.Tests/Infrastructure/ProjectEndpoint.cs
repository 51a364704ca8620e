using System.Collections.Concurrent;
using FirehoseAuth.Protocol;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.AspNetCore.Server.Kestrel.Core;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace FirehoseAuth.Testing.Tests.Infrastructure;

/// <summary>The project's own endpoint on Kestrel (127.0.0.1, port 0), set up through public API only.</summary>
public sealed class ProjectEndpoint : IAsyncDisposable
{
    public const string Key = "testing-key-0123456789";

    private readonly WebApplication _app;

    private ProjectEndpoint(WebApplication app, Uri url)
    {
        _app = app;
        Url = url;
    }

    public Uri Url { get; }

    /// <summary>Each delivery's request id and decoded records, in arrival order.</summary>
    public ConcurrentQueue<(string RequestId, byte[][] Records)> Received { get; } = new();

    public static async Task<ProjectEndpoint> StartAsync()
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        builder.WebHost.ConfigureKestrel(o => o.ConfigureForFirehose());
        builder.Logging.ClearProviders();
        builder.Services.AddFirehoseAuth(o => o.AccessKey = Key);
        var app = builder.Build();
        ProjectEndpoint? endpoint = null;
        app.MapFirehoseEndpoint("/firehose", (FirehoseDelivery delivery, CancellationToken _) =>
        {
            var records = new byte[delivery.Records.Count][];
            for (var i = 0; i < records.Length; i++)
            {
                records[i] = delivery.Records[i].ToArray();
            }

            endpoint!.Received.Enqueue((delivery.RequestId, records));
            return ValueTask.CompletedTask;
        });
        await app.StartAsync();
        var address = app.Services.GetRequiredService<IServer>().Features.GetRequiredFeature<IServerAddressesFeature>().Addresses.Single();
        endpoint = new ProjectEndpoint(app, new Uri(new Uri(address), "/firehose"));
        return endpoint;
    }

    public async ValueTask DisposeAsync()
    {
        await _app.StopAsync();
        await _app.DisposeAsync();
    }
}
