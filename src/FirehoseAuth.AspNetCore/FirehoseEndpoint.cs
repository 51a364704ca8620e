using FirehoseAuth.Authentication;
using FirehoseAuth.Diagnostics;
using FirehoseAuth.Protocol;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Microsoft.Net.Http.Headers;

namespace FirehoseAuth.AspNetCore;

/// <summary>
/// The request path of one mapped Firehose endpoint: method → access key (before the body) → source ARN → content
/// headers → bounded body read and parse → handler → response. One instance per mapped endpoint; its
/// <see cref="InvokeAsync"/> allocates nothing of its own per request (pooled response buffer, no closures, no LINQ).
/// </summary>
internal sealed class FirehoseEndpoint
{
    private readonly IServiceProvider _services;
    private readonly Func<FirehoseDelivery, CancellationToken, ValueTask> _handler;
    private State? _state;

    public FirehoseEndpoint(IServiceProvider services, Func<FirehoseDelivery, CancellationToken, ValueTask> handler)
    {
        _services = services;
        _handler = handler;
    }

    /// <summary>
    /// Gets the largest body the server may let through: <see cref="FirehoseParserOptions.MaxBodySize"/> plus the
    /// parser's own gzip framing slack, so the parser (not the server) decides, with a typed error.
    /// </summary>
    internal static long WireBodyLimit(FirehoseParserOptions limits) => (long)limits.MaxBodySize + BodyLayout.GzipFramingSlack(limits.MaxBodySize);

    public async Task InvokeAsync(HttpContext context)
    {
        // Resolved on first use rather than when mapping, so that options are validated by the host on start first.
        var state = _state ??= new State(_services);
        var request = context.Request;
        var headers = request.Headers;
        string? headerRequestId = headers[FirehoseHeaderNames.RequestId];

        if (!HttpMethods.IsPost(request.Method))
        {
            context.Response.Headers.Allow = HttpMethods.Post;
            await RejectAsync(context, state, headerRequestId, FirehoseEndpointErrors.MethodNotAllowed, closeIfBodyPending: true).ConfigureAwait(false);
            return;
        }

        // Authenticate from the headers alone: nothing of an unauthenticated body is read.
        var keys = headers[FirehoseHeaderNames.AccessKey];
        var outcome = state.Validator.Validate(keys.Count == 0 ? null : keys[0]);
        if (keys.Count > 1 && outcome is AccessKeyValidationResult.ValidCurrent or AccessKeyValidationResult.ValidPrevious)
        {
            outcome = AccessKeyValidationResult.Invalid; // One key per delivery; a repeated header is not Firehose.
        }

        state.Metrics.Authenticated(outcome);
        switch (outcome)
        {
            case AccessKeyValidationResult.Unavailable:
                await RejectAsync(context, state, headerRequestId, FirehoseEndpointErrors.KeysUnavailable, closeIfBodyPending: true).ConfigureAwait(false);
                return;
            case AccessKeyValidationResult.Missing:
                await RejectAsync(context, state, headerRequestId, FirehoseEndpointErrors.MissingAccessKey, closeIfBodyPending: true).ConfigureAwait(false);
                return;
            case AccessKeyValidationResult.Invalid:
                await RejectAsync(context, state, headerRequestId, FirehoseEndpointErrors.InvalidAccessKey, closeIfBodyPending: true).ConfigureAwait(false);
                return;
        }

        string? sourceArn = headers[FirehoseHeaderNames.SourceArn];
        if (state.AllowedSourceArns is { } allowed && (sourceArn is null || !allowed.Contains(sourceArn)))
        {
            await RejectAsync(context, state, headerRequestId, FirehoseEndpointErrors.SourceArnNotAllowed, closeIfBodyPending: true).ConfigureAwait(false);
            return;
        }

        var parseHeaders = new FirehoseRequestHeaders
        {
            RequestId = headerRequestId,
            SourceArn = sourceArn,
            CommonAttributes = headers[FirehoseHeaderNames.CommonAttributes],
            ProtocolVersion = headers[FirehoseHeaderNames.ProtocolVersion],
            ContentType = request.ContentType,
            ContentEncoding = headers.ContentEncoding,
            ContentLength = request.ContentLength,
        };

        // Kestrel's default 30 MB limit would refuse a legal 64 MiB delivery; the parser enforces the configured one
        // (and checks the content headers, answering 415 or 413, before it reads any byte of the body).
        var serverLimitRaised = false;
        if (context.Features.Get<IHttpMaxRequestBodySizeFeature>() is { IsReadOnly: false } bodySize)
        {
            bodySize.MaxRequestBodySize = state.WireBodyLimit;
            serverLimitRaised = true;
        }

        FirehoseParseResult parsed;
        try
        {
            parsed = await FirehoseRequestParser.ParseAsync(request.BodyReader, parseHeaders, state.Limits, context.RequestAborted).ConfigureAwait(false);
        }
        catch (BadHttpRequestException ex)
        {
            // The server refused the body itself (its size limit, a malformed chunk, a body shorter than Content-Length).
            // 413 only when the server enforced *our* limit: a server limit we could not raise (something read the body
            // first) is not the operator's choice, and Firehose drops a 413 for good, so answer 500 and let it retry.
            var error = ex.StatusCode != StatusCodes.Status413PayloadTooLarge ? FirehoseEndpointErrors.BodyUnreadable
                : serverLimitRaised ? FirehoseEndpointErrors.BodyOverLimit : FirehoseEndpointErrors.ServerLimitNotRaised;
            await RejectAsync(context, state, headerRequestId, error, closeIfBodyPending: true).ConfigureAwait(false);
            return;
        }

        if (!parsed.Succeeded)
        {
            await RejectAsync(context, state, headerRequestId, parsed.Error, closeIfBodyPending: true).ConfigureAwait(false);
            return;
        }

        string requestId;
        int recordCount;
        long recordBytes;
        var delivery = parsed.Delivery;
        var generation = delivery.Generation;
        try
        {
            requestId = delivery.RequestId;
            recordCount = delivery.RecordCount;
            recordBytes = delivery.RecordBytes;

            try
            {
                await _handler(delivery, context.RequestAborted).ConfigureAwait(false);
            }
            catch (Exception ex) when (!context.RequestAborted.IsCancellationRequested)
            {
                FirehoseEndpointLog.HandlerFailed(state.Logger, requestId, ex);
                await RejectAsync(context, state, requestId, FirehoseEndpointErrors.HandlerFailed, closeIfBodyPending: false).ConfigureAwait(false);
                return;
            }
        }
        finally
        {
            // Records are slices of the delivery's pooled buffer: they are invalid from here on. A handler that disposed
            // the delivery itself may have let another request take the instance: then it is not ours to dispose.
            delivery.DisposeIfCurrent(generation);
        }

        FirehoseEndpointLog.DeliveryAccepted(state.Logger, requestId, recordCount);
        state.Metrics.DeliveryAnswered(StatusCodes.Status200OK, recordCount, recordBytes);
        await WriteAsync(context, state, StatusCodes.Status200OK, requestId, null).ConfigureAwait(false);
    }

    private static Task RejectAsync(HttpContext context, State state, string? requestId, FirehoseError error, bool closeIfBodyPending)
    {
        FirehoseEndpointLog.DeliveryRejected(state.Logger, requestId, error.StatusCode, error.Code);
        state.Metrics.DeliveryAnswered(error.StatusCode, 0, 0);

        // Kestrel would otherwise drain (read and discard) an unread body for up to 5 s to keep the connection alive;
        // closing the connection instead means a refused body is never read, however large.
        if (closeIfBodyPending && IsHttp1(context.Request.Protocol) && context.Features.Get<IHttpRequestBodyDetectionFeature>() is not { CanHaveBody: false })
        {
            context.Response.Headers.Connection = "close";
        }

        return WriteAsync(context, state, error.StatusCode, requestId, error.Message);
    }

    private static bool IsHttp1(string protocol) => HttpProtocol.IsHttp11(protocol) || HttpProtocol.IsHttp10(protocol);

    private static async Task WriteAsync(HttpContext context, State state, int statusCode, string? requestId, string? errorMessage)
    {
        var buffer = FirehoseResponseBuffer.Rent();
        try
        {
            FirehoseResponseWriter.Write(buffer, requestId, state.TimeProvider.GetUtcNow(), errorMessage);
            var response = context.Response;
            response.StatusCode = statusCode;
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

    /// <summary>What the endpoint needs from the container, resolved once.</summary>
    private sealed class State
    {
        public State(IServiceProvider services)
        {
            var options = services.GetRequiredService<IOptions<FirehoseAuthOptions>>().Value;
            Validator = services.GetRequiredService<AccessKeyValidator>();
            Metrics = services.GetRequiredService<FirehoseAuthMetrics>();
            TimeProvider = FirehoseAuthServiceCollectionExtensions.GetTimeProvider(services);
            Logger = services.GetRequiredService<ILogger<FirehoseEndpoint>>();
            Limits = options.Limits;
            WireBodyLimit = FirehoseEndpoint.WireBodyLimit(options.Limits);
            AllowedSourceArns = options.AllowedSourceArns.Count == 0 ? null : new HashSet<string>(options.AllowedSourceArns, StringComparer.Ordinal);
        }

        public AccessKeyValidator Validator { get; }

        public FirehoseAuthMetrics Metrics { get; }

        public TimeProvider TimeProvider { get; }

        public ILogger Logger { get; }

        public FirehoseParserOptions Limits { get; }

        public long WireBodyLimit { get; }

        public HashSet<string>? AllowedSourceArns { get; }
    }
}
