using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Testing;

namespace FirehoseAuth.AspNetCore.Tests.Infrastructure;

/// <summary>A Kestrel app on 127.0.0.1 (port 0) whose services and endpoints the test chooses: for several streams.</summary>
public sealed class StreamsApp : IAsyncDisposable
{
    private StreamsApp(WebApplication web, HttpClient client)
    {
        Web = web;
        Client = client;
    }

    public WebApplication Web { get; }

    public HttpClient Client { get; }

    public IServiceProvider Services => Web.Services;

    public FakeLogCollector Logs => Web.Services.GetFakeLogCollector();

    public static async Task<StreamsApp> StartAsync(Action<IServiceCollection> services, Action<WebApplication> map)
    {
        var builder = WebApplication.CreateSlimBuilder(new WebApplicationOptions { EnvironmentName = "Testing" });
        builder.WebHost.UseKestrel().UseUrls("http://127.0.0.1:0");
        builder.Logging.ClearProviders().SetMinimumLevel(LogLevel.Debug).AddFakeLogging();
        services(builder.Services);
        var app = builder.Build();
        try
        {
            map(app);
            await app.StartAsync();
        }
        catch
        {
            await app.DisposeAsync();
            throw;
        }

        var address = app.Services.GetRequiredService<IServer>().Features.GetRequiredFeature<IServerAddressesFeature>().Addresses.Single();
        return new StreamsApp(app, new HttpClient(new SocketsHttpHandler { UseProxy = false }) { BaseAddress = new Uri(address) });
    }

    /// <summary>Sends one small delivery to <paramref name="path"/> with <paramref name="key"/> and returns the status.</summary>
    public async Task<int> DeliverAsync(string path, string key)
    {
        var id = Deliveries.NewRequestId();
        var request = Deliveries.Request(id, Deliveries.Body(id, Deliveries.Utf8("x")), key);
        request.RequestUri = new Uri(path, UriKind.Relative);
        using var response = await Client.SendAsync(request);
        return (int)response.StatusCode;
    }

    public async ValueTask DisposeAsync()
    {
        Client.Dispose();
        await Web.StopAsync();
        await Web.DisposeAsync();
    }
}
