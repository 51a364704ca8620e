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
using Microsoft.Extensions.Logging.Testing;

namespace FirehoseAuth.AspNetCore.Tests.Infrastructure;

/// <summary>
/// A real Kestrel server on 127.0.0.1 (port 0) with <c>MapFirehoseEndpoint("/firehose", …)</c>, and an
/// <see cref="HttpClient"/> for it. By default the handler copies every delivery into <see cref="Received"/>.
/// </summary>
public sealed class FirehoseTestServer : IAsyncDisposable
{
    public const string Path = "/firehose";

    private readonly WebApplication _app;

    private FirehoseTestServer(WebApplication app, Uri baseAddress)
    {
        _app = app;
        BaseAddress = baseAddress;
        Client = new HttpClient(new SocketsHttpHandler { UseProxy = false }) { BaseAddress = baseAddress, Timeout = TimeSpan.FromSeconds(60) };
    }

    public Uri BaseAddress { get; }

    public HttpClient Client { get; }

    public ConcurrentQueue<ReceivedDelivery> Received { get; } = new();

    public IServiceProvider Services => _app.Services;

    public FakeLogCollector Logs => _app.Services.GetFakeLogCollector();

    /// <summary>Sends the request (disposing it) and reads the answer as Firehose's JSON (asserting its headers).</summary>
    public async Task<FirehoseResponse> SendAsync(HttpRequestMessage request)
    {
        using (request)
        {
            using var response = await Client.SendAsync(request);
            return await FirehoseResponse.ReadAsync(response);
        }
    }

    public static async Task<FirehoseTestServer> StartAsync(
        Action<FirehoseAuthOptions> configure,
        Func<FirehoseDelivery, CancellationToken, ValueTask>? handler = null,
        Action<IServiceCollection>? services = null,
        Action<KestrelServerOptions>? kestrel = null)
    {
        var builder = WebApplication.CreateSlimBuilder(new WebApplicationOptions { EnvironmentName = "Testing" });
        builder.WebHost.UseKestrel(o =>
        {
            kestrel?.Invoke(o);
        });
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        builder.Logging.ClearProviders().SetMinimumLevel(LogLevel.Debug).AddFilter("FirehoseAuth", LogLevel.Debug).AddFakeLogging();
        builder.Services.AddFirehoseAuth(configure);
        services?.Invoke(builder.Services);
        var app = builder.Build();

        FirehoseTestServer? server = null;
        app.MapFirehoseEndpoint(Path, handler ?? ((delivery, ct) =>
        {
            server!.Received.Enqueue(ReceivedDelivery.Copy(delivery));
            return ValueTask.CompletedTask;
        }));
        await app.StartAsync();

        var address = app.Services.GetRequiredService<IServer>().Features.GetRequiredFeature<IServerAddressesFeature>().Addresses.Single();
        server = new FirehoseTestServer(app, new Uri(address));
        return server;
    }

    public async ValueTask DisposeAsync()
    {
        Client.Dispose();
        await _app.StopAsync();
        await _app.DisposeAsync();
    }
}
