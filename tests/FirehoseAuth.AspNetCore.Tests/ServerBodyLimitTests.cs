using FirehoseAuth.AspNetCore.Tests.Infrastructure;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace FirehoseAuth.AspNetCore.Tests;

/// <summary>
/// When the endpoint cannot raise the server's body limit (no <see cref="IHttpMaxRequestBodySizeFeature"/>, or it is
/// read-only because something read the body first), the server's refusal is not the operator's limit: the answer is
/// 500 (Firehose retries, then backs up to S3), never the permanent 413.
/// </summary>
public sealed class ServerBodyLimitTests
{
    [Fact]
    public async Task A_server_body_limit_the_endpoint_could_not_raise_is_answered_500_not_413()
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.WebHost.UseKestrel(k => k.Limits.MaxRequestBodySize = 1024).UseUrls("http://127.0.0.1:0");
        builder.Services.AddFirehoseAuth(o => o.AccessKey = Deliveries.Key);
        await using var app = builder.Build();
        app.Use((context, next) =>
        {
            context.Features.Set<IHttpMaxRequestBodySizeFeature>(null); // as a host without the feature would
            return next(context);
        });
        var handled = 0;
        app.MapFirehoseEndpoint(FirehoseTestServer.Path, (_, _) =>
        {
            Interlocked.Increment(ref handled);
            return ValueTask.CompletedTask;
        });
        await app.StartAsync();
        var address = new Uri(app.Services.GetRequiredService<IServer>().Features.GetRequiredFeature<IServerAddressesFeature>().Addresses.Single());
        using var client = new HttpClient { BaseAddress = address };

        var requestId = Deliveries.NewRequestId();
        var body = Deliveries.Body(requestId, new byte[4096]);
        using var request = Deliveries.Request(requestId, body);
        var response = await FirehoseResponse.ReadAsync(await client.SendAsync(request));

        Assert.Equal(500, response.StatusCode);
        Assert.Equal(requestId, response.RequestId);
        Assert.Equal(0, handled);
    }
}
