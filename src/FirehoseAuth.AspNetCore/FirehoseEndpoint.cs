using FirehoseAuth.Pipeline;
using FirehoseAuth.Protocol;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Net.Http.Headers;

namespace FirehoseAuth.AspNetCore;

/// <summary>
/// One mapped Firehose endpoint: adapts the <see cref="HttpContext"/> to the stream's
/// <see cref="FirehoseDeliveryPipeline"/> (which owns every check and status) and writes its answer. Allocates nothing
/// of its own per request (a struct request adapter, a pooled response buffer).
/// </summary>
internal sealed class FirehoseEndpoint
{
    private readonly IServiceProvider _services;
    private readonly string _streamName;
    private readonly IFirehoseDeliveryHandler _handler;
    private FirehoseDeliveryPipeline? _pipeline;

    public FirehoseEndpoint(IServiceProvider services, string streamName, IFirehoseDeliveryHandler handler)
    {
        _services = services;
        _streamName = streamName;
        _handler = handler;
    }

    public async Task InvokeAsync(HttpContext context)
    {
        // Resolved on first use rather than when mapping, so that options are validated by the host on start first.
        var pipeline = _pipeline ??= _services.GetRequiredKeyedService<FirehoseDeliveryPipeline>(_streamName);
        var buffer = FirehoseResponseBuffer.Rent();
        try
        {
            var result = await pipeline.ProcessAsync(new AspNetCoreFirehoseRequest(context), _handler, buffer, context.RequestAborted).ConfigureAwait(false);
            var response = context.Response;
            response.StatusCode = result.StatusCode;
            if (result.StatusCode == StatusCodes.Status405MethodNotAllowed)
            {
                response.Headers.Allow = HttpMethods.Post;
            }

            // Kestrel would otherwise drain (read and discard) an unread body for up to 5 s to keep the connection alive;
            // closing the connection instead means a refused body is never read, however large.
            if (result.CloseConnection && IsHttp1(context.Request.Protocol) && context.Features.Get<IHttpRequestBodyDetectionFeature>() is not { CanHaveBody: false })
            {
                response.Headers.Connection = "close";
            }

            response.ContentType = FirehoseResponseWriter.ContentType;
            response.ContentLength = buffer.WrittenCount;
            response.Headers.Remove(HeaderNames.ContentEncoding);
            await response.Body.WriteAsync(buffer.WrittenMemory, context.RequestAborted).ConfigureAwait(false);
        }
        finally
        {
            FirehoseResponseBuffer.Return(buffer);
        }
    }

    private static bool IsHttp1(string protocol) => HttpProtocol.IsHttp11(protocol) || HttpProtocol.IsHttp10(protocol);
}
