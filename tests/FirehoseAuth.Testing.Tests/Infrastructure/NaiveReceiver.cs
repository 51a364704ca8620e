using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace FirehoseAuth.Testing.Tests.Infrastructure;

/// <summary>
/// A receiver written the obvious way: a minimal API that binds the body with JsonSerializer, checks the key in the
/// handler (so after the body was read), decodes with Convert.FromBase64String, answers with Results.Json, default
/// body limit (30,000,000 bytes).
/// </summary>
public sealed class NaiveReceiver : IAsyncDisposable
{
    public const string Key = "naive-key";

    private readonly WebApplication _app;

    private NaiveReceiver(WebApplication app, Uri url)
    {
        _app = app;
        Url = url;
    }

    public Uri Url { get; }

    public static async Task<NaiveReceiver> StartAsync()
    {
        var builder = WebApplication.CreateBuilder();
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        builder.Logging.ClearProviders();
        var app = builder.Build();
        app.MapPost("/firehose", (HttpRequest request, NaiveDelivery delivery) =>
        {
            var now = DateTimeOffset.UtcNow.ToUnixTimeMilliseconds();
            if (request.Headers["X-Amz-Firehose-Access-Key"] != Key)
            {
                return Results.Json(new NaiveAnswer(delivery.RequestId, now, "bad key"), statusCode: 401);
            }

            foreach (var record in delivery.Records)
            {
                _ = Convert.FromBase64String(record.Data);
            }

            return Results.Json(new NaiveAnswer(delivery.RequestId, now, null));
        });
        await app.StartAsync();
        var address = app.Services.GetRequiredService<IServer>().Features.GetRequiredFeature<IServerAddressesFeature>().Addresses.Single();
        return new NaiveReceiver(app, new Uri(new Uri(address), "/firehose"));
    }

    public async ValueTask DisposeAsync()
    {
        await _app.StopAsync();
        await _app.DisposeAsync();
    }

    public sealed record NaiveDelivery(string RequestId, long Timestamp, NaiveRecord[] Records);

    public sealed record NaiveRecord(string Data);

    public sealed record NaiveAnswer(string RequestId, long Timestamp, string? ErrorMessage);
}
