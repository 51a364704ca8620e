using System.IO.Pipelines;
using Microsoft.Extensions.Primitives;

namespace FirehoseAuth.Pipeline;

/// <summary>
/// What a host hands <see cref="FirehoseDeliveryPipeline"/> about one HTTP request: the method, a header lookup, the
/// body, and the few things only the host can do. Implement it as a <see langword="struct"/> over the host's own request
/// object: the pipeline takes it as a generic argument, so nothing is boxed or allocated per request.
/// </summary>
/// <remarks>
/// The pipeline reads the headers it needs first and the body only after the access key, the source ARN and the
/// content headers passed; a request refused before that leaves the body unread (see
/// <see cref="FirehosePipelineResult.CloseConnection"/>).
/// </remarks>
public interface IFirehoseHttpRequest
{
    /// <summary>Gets the HTTP method, for example <c>POST</c>.</summary>
    string Method { get; }

    /// <summary>Gets the parsed <c>Content-Length</c>, or <see langword="null"/> when the body is chunked or the header is absent.</summary>
    long? ContentLength { get; }

    /// <summary>
    /// Gets the body as a <see cref="System.IO.Pipelines.PipeReader"/>, or <see langword="null"/> when the host offers
    /// only a <see cref="Stream"/> (<see cref="Body"/>). Preferred when both exist: it is decoded without a copy.
    /// </summary>
    PipeReader? BodyReader { get; }

    /// <summary>Gets the body as a <see cref="Stream"/>; used when <see cref="BodyReader"/> is <see langword="null"/>.</summary>
    Stream? Body { get; }

    /// <summary>Gets the host's own request object (ASP.NET Core's <c>HttpContext</c>), handed to the handler as <see cref="FirehoseDeliveryContext.HostContext"/>.</summary>
    object? HostContext { get; }

    /// <summary>Gets the request's service scope, if the host has one; class handlers are resolved from it.</summary>
    IServiceProvider? RequestServices { get; }

    /// <summary>Gets every value of a request header; empty when it is absent. Names are compared case-insensitively.</summary>
    /// <param name="name">The header name, for example <c>X-Amz-Firehose-Access-Key</c>.</param>
    /// <returns>The header's values.</returns>
    StringValues GetHeader(string name);

    /// <summary>
    /// Raises the host's own request-body size limit, if it has one, to <paramref name="maxBodySize"/>. Called once,
    /// after authentication and before the body is read, so an unauthenticated caller never gets the larger limit.
    /// </summary>
    /// <param name="maxBodySize">The largest wire body the stream's limits admit, in bytes.</param>
    /// <returns><see langword="true"/> when the host now admits bodies of that size (or has no limit of its own).</returns>
    bool TryRaiseMaxBodySize(long maxBodySize);

    /// <summary>
    /// Tells whether an exception thrown while the body was read is the host refusing the body (its size limit, a
    /// malformed chunk, a body shorter than its <c>Content-Length</c>), as opposed to a fault to propagate.
    /// </summary>
    /// <param name="exception">The exception the body reader threw.</param>
    /// <returns>What the host refused, or <see cref="FirehoseBodyReadFailure.None"/> to let the exception propagate.</returns>
    FirehoseBodyReadFailure ClassifyBodyReadFailure(Exception exception);
}
