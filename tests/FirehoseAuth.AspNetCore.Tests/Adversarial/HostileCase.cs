namespace FirehoseAuth.AspNetCore.Tests.Adversarial;

/// <summary>
/// One named hostile request (built for a fresh request id, which goes into the <c>X-Amz-Firehose-Request-Id</c>
/// header unless the case removes it) and the status the endpoint must answer with.
/// </summary>
public sealed record HostileCase(string Name, int Status, Func<string, HttpRequestMessage> Build)
{
    /// <summary>Gets whether the answer echoes the header's request id (false when the case sends none).</summary>
    public bool EchoesHeaderRequestId { get; init; } = true;

    /// <summary>
    /// Gets whether Kestrel refuses the request before the endpoint runs (431 for oversized headers, 400 for a
    /// malformed request): then the answer is not Firehose's JSON. What protects the user is that the request never
    /// reaches the application and the server keeps serving; Firehose retries the non-200 like any other.
    /// </summary>
    public bool AnsweredByKestrel { get; init; }

    public override string ToString() => Name;
}
