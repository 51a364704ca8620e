using System.IO.Pipelines;
using FirehoseAuth.Pipeline;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.Extensions.Primitives;

namespace FirehoseAuth.AspNetCore;

/// <summary>The <see cref="HttpContext"/> as the pipeline sees it; a struct, passed generically, so nothing is boxed.</summary>
internal readonly struct AspNetCoreFirehoseRequest : IFirehoseHttpRequest
{
    private readonly HttpContext _context;

    public AspNetCoreFirehoseRequest(HttpContext context) => _context = context;

    public string Method => _context.Request.Method;

    public long? ContentLength => _context.Request.ContentLength;

    public PipeReader? BodyReader => _context.Request.BodyReader;

    public Stream? Body => _context.Request.Body;

    public object? HostContext => _context;

    public IServiceProvider? RequestServices => _context.RequestServices;

    public StringValues GetHeader(string name) => _context.Request.Headers[name];

    // Kestrel's default 30 MB limit would refuse a legal 64 MiB delivery.
    public bool TryRaiseMaxBodySize(long maxBodySize)
    {
        if (_context.Features.Get<IHttpMaxRequestBodySizeFeature>() is not { IsReadOnly: false } bodySize)
        {
            return false;
        }

        bodySize.MaxRequestBodySize = maxBodySize;
        return true;
    }

    // The server refused the body itself: its size limit, a malformed chunk, a body shorter than Content-Length.
    public FirehoseBodyReadFailure ClassifyBodyReadFailure(Exception exception) => exception switch
    {
        BadHttpRequestException { StatusCode: StatusCodes.Status413PayloadTooLarge } => FirehoseBodyReadFailure.OverSizeLimit,
        BadHttpRequestException => FirehoseBodyReadFailure.Unreadable,
        _ => FirehoseBodyReadFailure.None,
    };
}
