using FirehoseAuth.Protocol;

namespace FirehoseAuth.Pipeline;

/// <summary>
/// What a handler receives with one delivery. Valid only until the handler's task completes (the delivery is disposed
/// then).
/// </summary>
public readonly struct FirehoseDeliveryContext
{
    internal FirehoseDeliveryContext(FirehoseDelivery delivery, string streamName, object? hostContext, IServiceProvider? requestServices, CancellationToken cancellationToken)
    {
        Delivery = delivery;
        StreamName = streamName;
        HostContext = hostContext;
        RequestServices = requestServices;
        CancellationToken = cancellationToken;
    }

    /// <summary>Gets the parsed delivery: records, request id, source ARN, common attributes, timestamp.</summary>
    public FirehoseDelivery Delivery { get; }

    /// <summary>Gets the name of the delivery stream (<see cref="FirehoseAuthOptions.DefaultStreamName"/> for the default one).</summary>
    public string StreamName { get; }

    /// <summary>Gets the host's request object: ASP.NET Core's <c>HttpContext</c> (also through <c>GetHttpContext()</c>), or <see langword="null"/>.</summary>
    public object? HostContext { get; }

    /// <summary>Gets the request's service scope, or <see langword="null"/> when the host has none.</summary>
    public IServiceProvider? RequestServices { get; }

    /// <summary>Gets the token that is canceled when the request is aborted.</summary>
    public CancellationToken CancellationToken { get; }
}
