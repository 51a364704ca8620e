using System.Buffers;
using System.Diagnostics;
using System.Runtime.CompilerServices;
using FirehoseAuth.Authentication;
using FirehoseAuth.Deduplication;
using FirehoseAuth.Diagnostics;
using FirehoseAuth.Protocol;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Primitives;

namespace FirehoseAuth.Pipeline;

/// <summary>
/// One delivery stream's request path, for any host: it owns the Firehose status table and the order of its checks.
/// Hosts adapt their request to <see cref="IFirehoseHttpRequest"/> and write the <see cref="FirehosePipelineResult"/>
/// back; ASP.NET Core's <c>MapFirehoseEndpoint</c> is one such adapter.
/// </summary>
/// <remarks>
/// <para>The checks, in order, each answered in Firehose's JSON format:</para>
/// <list type="number">
/// <item>method other than POST → 405;</item>
/// <item>no key set loaded yet → 503 (never fail open);</item>
/// <item>access key missing, repeated or not in the key set → 401 — from the headers alone, before any body byte is read;</item>
/// <item>source ARN not in the allow-list (when one is configured) → 403;</item>
/// <item><c>Content-Type</c> / <c>Content-Encoding</c> unsupported → 415;</item>
/// <item>the delivery was already handled (deduplication) → 200 without the handler; held by another receiver → 503;</item>
/// <item>the body, read within the stream's limits: malformed → 400, over a limit the operator lowered → 413;</item>
/// <item>the handler threw → 500;</item>
/// <item>handled → 200, only after the handler completed.</item>
/// </list>
/// <para>
/// Every answer carries the <c>X-Amz-Firehose-Request-Id</c> header's request id (Firehose matches answers by it,
/// and it is known before the body is read); without that header, the body's once it is parsed, else none.
/// </para>
/// <para>Obtain a stream's pipeline from DI: the default stream's unkeyed, a named stream's keyed by its name.</para>
/// </remarks>
public sealed class FirehoseDeliveryPipeline
{
    private static readonly ActivitySource ActivitySource = new(FirehoseAuthDiagnostics.ActivitySourceName);

    private readonly AccessKeyValidator _validator;
    private readonly HashSet<string>? _allowedSourceArns;
    private readonly FirehoseParserOptions _limits;
    private readonly long _wireBodyLimit;
    private readonly FirehoseAuthMetrics _metrics;
    private readonly TimeProvider _timeProvider;
    private readonly ILogger _logger;
    private readonly RejectionLog _rejections;
    private readonly DeliveryLedgerStep? _ledger;
    private readonly string _activityName;

    internal FirehoseDeliveryPipeline(string streamName, FirehoseAuthOptions options, AccessKeyValidator validator, IDeliveryLedger? ledger, FirehoseAuthMetrics metrics, TimeProvider timeProvider, ILogger logger)
    {
        StreamName = streamName;
        _validator = validator;
        _limits = options.Limits;
        _wireBodyLimit = WireBodyLimit(options.Limits);
        _allowedSourceArns = options.AllowedSourceArns.Count == 0 ? null : new HashSet<string>(options.AllowedSourceArns, StringComparer.Ordinal);
        _metrics = metrics;
        _timeProvider = timeProvider;
        _logger = logger;
        _rejections = new RejectionLog(streamName, logger, timeProvider);
        _ledger = ledger is null ? null : new DeliveryLedgerStep(ledger, options.Deduplication, streamName, metrics, timeProvider, logger, _rejections);
        _activityName = DeliveryActivity.Name(streamName);
    }

    /// <summary>Gets a value indicating whether this stream deduplicates and its store's last call failed (for the health check).</summary>
    internal bool IsDeduplicationStoreUnavailable => _ledger?.IsStoreUnavailable == true;

    /// <summary>Gets the delivery stream's name.</summary>
    public string StreamName { get; }

    /// <summary>
    /// Gets the largest body the host may let through: <see cref="FirehoseParserOptions.MaxBodySize"/> plus the
    /// parser's gzip framing slack, so the parser (not the host) decides, with a typed error.
    /// </summary>
    internal static long WireBodyLimit(FirehoseParserOptions limits) => (long)limits.MaxBodySize + BodyLayout.GzipFramingSlack(limits.MaxBodySize);

    /// <summary>Processes one request: authenticates, checks, parses, calls <paramref name="handler"/>, and writes the answer.</summary>
    /// <typeparam name="TRequest">The host's adapter; a struct, so that nothing is boxed.</typeparam>
    /// <param name="request">The request.</param>
    /// <param name="handler">Makes the records durable; called only for an authenticated, well-formed delivery.</param>
    /// <param name="responseBody">Receives the response body (Firehose's JSON, at most a few KiB).</param>
    /// <param name="cancellationToken">Canceled when the request is aborted.</param>
    /// <returns>How to answer; the body is in <paramref name="responseBody"/>.</returns>
    /// <exception cref="OperationCanceledException"><paramref name="cancellationToken"/> was canceled while the body was read or the handler ran.</exception>
    [AsyncMethodBuilder(typeof(PoolingAsyncValueTaskMethodBuilder<>))]
    public async ValueTask<FirehosePipelineResult> ProcessAsync<TRequest>(TRequest request, IFirehoseDeliveryHandler handler, IBufferWriter<byte> responseBody, CancellationToken cancellationToken)
        where TRequest : IFirehoseHttpRequest
    {
        ArgumentNullException.ThrowIfNull(handler);
        ArgumentNullException.ThrowIfNull(responseBody);

        using var activity = ActivitySource.StartActivity(_activityName, ActivityKind.Consumer);
        var requestId = First(request.GetHeader(FirehoseHeaderNames.RequestId));
        var sourceArn = First(request.GetHeader(FirehoseHeaderNames.SourceArn));
        DeliveryActivity.Started(activity, StreamName, requestId, sourceArn);

        if (!IsPost(request.Method))
        {
            return Reject(activity, responseBody, requestId, PipelineErrors.MethodNotAllowed, closeConnection: true);
        }

        // Authenticate from the headers alone: nothing of an unauthenticated body is read.
        var keys = request.GetHeader(FirehoseHeaderNames.AccessKey);
        var outcome = _validator.Validate(keys.Count == 0 ? null : keys[0]);
        if (keys.Count > 1 && outcome is AccessKeyValidationResult.ValidCurrent or AccessKeyValidationResult.ValidPrevious)
        {
            outcome = AccessKeyValidationResult.Invalid; // One key per delivery; a repeated header is not Firehose.
        }

        _metrics.Authenticated(StreamName, outcome);
        DeliveryActivity.Authenticated(activity, outcome);
        var keyError = outcome switch
        {
            AccessKeyValidationResult.Unavailable => PipelineErrors.KeysUnavailable,
            AccessKeyValidationResult.Missing => PipelineErrors.MissingAccessKey,
            AccessKeyValidationResult.Invalid => PipelineErrors.InvalidAccessKey,
            _ => null,
        };
        if (keyError is not null)
        {
            return Reject(activity, responseBody, requestId, keyError, closeConnection: true);
        }

        if (_allowedSourceArns is { } allowed && (sourceArn is null || !allowed.Contains(sourceArn)))
        {
            return Reject(activity, responseBody, requestId, PipelineErrors.SourceArnNotAllowed, closeConnection: true);
        }

        var headers = new FirehoseRequestHeaders
        {
            RequestId = requestId,
            SourceArn = sourceArn,
            CommonAttributes = First(request.GetHeader(FirehoseHeaderNames.CommonAttributes)),
            ContentType = First(request.GetHeader(ContentTypeHeader)),
            ContentEncoding = First(request.GetHeader(ContentEncodingHeader)),
            ContentLength = request.ContentLength,
        };
        if (ContentHeaders.Validate(headers, _limits, out _, out _) is { } contentError)
        {
            return Reject(activity, responseBody, requestId, contentError, closeConnection: true);
        }

        // Retries carry the same request id: a delivery already handled (here or by another receiver) is answered
        // without the handler. Without the header there is nothing to key on before the body; such a delivery is not Firehose's.
        if (_ledger is null || requestId is null)
        {
            return await ParseAndHandleAsync(request, handler, responseBody, activity, headers, cancellationToken).ConfigureAwait(false);
        }

        var key = new FirehoseDeliveryKey(StreamName, sourceArn, requestId);
        var claim = await _ledger.TryClaimAsync(key, cancellationToken).ConfigureAwait(false);
        if (claim is not { } held)
        {
            return _ledger.RejectsWhenUnavailable
                ? Reject(activity, responseBody, requestId, PipelineErrors.DeduplicationUnavailable, closeConnection: true)
                : await ParseAndHandleAsync(request, handler, responseBody, activity, headers, cancellationToken).ConfigureAwait(false);
        }

        if (held.Outcome == DeliveryClaimOutcome.AlreadyCompleted)
        {
            DeliveryActivity.Duplicate(activity);
            return Accept(activity, responseBody, requestId, 0, 0, closeConnection: true); // the body is left unread
        }

        if (held.Outcome == DeliveryClaimOutcome.HeldElsewhere)
        {
            return Reject(activity, responseBody, requestId, PipelineErrors.DeliveryInProgress, closeConnection: true);
        }

        FirehosePipelineResult result;
        try
        {
            result = await ParseAndHandleAsync(request, handler, responseBody, activity, headers, cancellationToken).ConfigureAwait(false);
        }
        catch
        {
            await _ledger.SettleAsync(key, held.Token, handled: false).ConfigureAwait(false);
            throw;
        }

        await _ledger.SettleAsync(key, held.Token, handled: result.StatusCode == 200).ConfigureAwait(false);
        return result;
    }

    /// <summary>Reads and parses the body within the stream's limits, calls the handler, and answers.</summary>
    [AsyncMethodBuilder(typeof(PoolingAsyncValueTaskMethodBuilder<>))]
    private async ValueTask<FirehosePipelineResult> ParseAndHandleAsync<TRequest>(TRequest request, IFirehoseDeliveryHandler handler, IBufferWriter<byte> responseBody, Activity? activity, FirehoseRequestHeaders headers, CancellationToken cancellationToken)
        where TRequest : IFirehoseHttpRequest
    {
        var requestId = headers.RequestId;

        // A host's default body limit (Kestrel's 30 MB) would refuse a legal 64 MiB delivery: raised only now, after authentication.
        var limitRaised = request.TryRaiseMaxBodySize(_wireBodyLimit);
        FirehoseParseResult parsed;
        try
        {
            parsed = request.BodyReader is { } reader
                ? await FirehoseRequestParser.ParseAsync(reader, headers, _limits, cancellationToken).ConfigureAwait(false)
                : await FirehoseRequestParser.ParseAsync(request.Body ?? throw new InvalidOperationException("The host's request has neither a BodyReader nor a Body."), headers, _limits, cancellationToken).ConfigureAwait(false);
        }
        catch (Exception ex) when (request.ClassifyBodyReadFailure(ex) is var failure && failure != FirehoseBodyReadFailure.None)
        {
            // 413 only when the host enforced *our* limit: a host limit that could not be raised is not the operator's
            // choice, and Firehose drops a 413 for good, so that is answered 500 and retried.
            var error = failure != FirehoseBodyReadFailure.OverSizeLimit ? PipelineErrors.BodyUnreadable
                : limitRaised ? PipelineErrors.BodyOverLimit : PipelineErrors.ServerBodyLimitNotRaised;
            return Reject(activity, responseBody, requestId, error, closeConnection: true);
        }

        if (!parsed.Succeeded)
        {
            return Reject(activity, responseBody, requestId, parsed.Error, closeConnection: true);
        }

        var delivery = parsed.Delivery;
        var generation = delivery.Generation;
        var answerId = requestId ?? delivery.RequestId;
        int recordCount = delivery.RecordCount;
        long recordBytes = delivery.RecordBytes;
        DeliveryActivity.Parsed(activity, recordCount, recordBytes);
        try
        {
            await handler.HandleAsync(new FirehoseDeliveryContext(delivery, StreamName, request.HostContext, request.RequestServices, cancellationToken)).ConfigureAwait(false);
        }
        catch (Exception ex) when (!cancellationToken.IsCancellationRequested)
        {
            PipelineLog.HandlerFailed(_logger, StreamName, answerId, ex);
            DeliveryActivity.HandlerFailed(activity, ex);
            return Reject(activity, responseBody, answerId, PipelineErrors.HandlerFailed, closeConnection: false);
        }
        finally
        {
            // Records are slices of the delivery's pooled buffer: they are invalid from here on. A handler that disposed
            // the delivery itself may have let another request take the instance: then it is not ours to dispose.
            delivery.DisposeIfCurrent(generation);
        }

        PipelineLog.DeliveryAccepted(_logger, StreamName, answerId, recordCount);
        return Accept(activity, responseBody, answerId, recordCount, recordBytes, closeConnection: false);
    }

    private const string ContentTypeHeader = "Content-Type";
    private const string ContentEncodingHeader = "Content-Encoding";

    private static string? First(StringValues values) => values.Count == 0 ? null : values[0];

    private FirehosePipelineResult Accept(Activity? activity, IBufferWriter<byte> responseBody, string requestId, int recordCount, long recordBytes, bool closeConnection)
    {
        _metrics.DeliveryAnswered(StreamName, 200, recordCount, recordBytes);
        FirehoseResponseWriter.Write(responseBody, requestId, _timeProvider.GetUtcNow());
        DeliveryActivity.Answered(activity, 200, null);
        return new FirehosePipelineResult(200, null, closeConnection);
    }

    private FirehosePipelineResult Reject(Activity? activity, IBufferWriter<byte> responseBody, string? requestId, FirehoseError error, bool closeConnection)
    {
        _rejections.Rejected(error, requestId);
        _metrics.DeliveryAnswered(StreamName, error.StatusCode, 0, 0);
        FirehoseResponseWriter.Write(responseBody, requestId, _timeProvider.GetUtcNow(), error.Message);
        DeliveryActivity.Answered(activity, error.StatusCode, error);
        return new FirehosePipelineResult(error.StatusCode, error.Code, closeConnection);
    }

    private static bool IsPost(string method) => string.Equals(method, "POST", StringComparison.OrdinalIgnoreCase);
}
