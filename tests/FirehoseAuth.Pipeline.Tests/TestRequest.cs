using System.IO.Pipelines;
using System.Runtime.CompilerServices;
using Microsoft.Extensions.Primitives;

namespace FirehoseAuth.Pipeline.Tests;

/// <summary>A host's request as a plain struct: what any non-ASP.NET host would write.</summary>
internal readonly struct TestRequest : IFirehoseHttpRequest
{
    public TestRequest(string method, Dictionary<string, StringValues> headers, TrackingPipeReader? bodyReader, Stream? body, long? contentLength, bool canRaiseLimit = true, FirehoseBodyReadFailure failureKind = FirehoseBodyReadFailure.None, object? hostContext = null, IServiceProvider? services = null)
    {
        Method = method;
        Headers = headers;
        BodyReader = bodyReader;
        Body = body;
        ContentLength = contentLength;
        CanRaiseLimit = canRaiseLimit;
        FailureKind = failureKind;
        HostContext = hostContext;
        RequestServices = services;
        RaisedTo = new StrongBox<long?>();
    }

    public string Method { get; }

    public Dictionary<string, StringValues> Headers { get; }

    public long? ContentLength { get; }

    public PipeReader? BodyReader { get; }

    public Stream? Body { get; }

    public object? HostContext { get; }

    public IServiceProvider? RequestServices { get; }

    public bool CanRaiseLimit { get; }

    public FirehoseBodyReadFailure FailureKind { get; }

    /// <summary>The limit the pipeline asked for, if it asked.</summary>
    public StrongBox<long?> RaisedTo { get; }

    public StringValues GetHeader(string name) => Headers.TryGetValue(name, out var values) ? values : StringValues.Empty;

    public bool TryRaiseMaxBodySize(long maxBodySize)
    {
        RaisedTo.Value = maxBodySize;
        return CanRaiseLimit;
    }

    public FirehoseBodyReadFailure ClassifyBodyReadFailure(Exception exception)
        => exception is HostRefusedBodyException ? FailureKind : FirehoseBodyReadFailure.None;
}

/// <summary>What a host's body reader throws when the host refuses the body.</summary>
internal sealed class HostRefusedBodyException : Exception
{
    public HostRefusedBodyException()
        : base("The host refused the body.")
    {
    }
}
