namespace FirehoseAuth.Tests.Secrets.Fakes;

/// <summary>A failure the fake Secrets Manager can inject.</summary>
public enum FakeFault
{
    /// <summary>Answer normally.</summary>
    None = 0,

    /// <summary>HTTP 503 with an empty body (an outage behind a load balancer).</summary>
    ServiceUnavailable,

    /// <summary>HTTP 500 <c>InternalServiceError</c>.</summary>
    InternalServiceError,

    /// <summary>HTTP 400 <c>ThrottlingException</c> ("Rate exceeded").</summary>
    Throttling,

    /// <summary>The connection is reset without an answer.</summary>
    ConnectionReset,

    /// <summary>HTTP 200 with a body that is not a JSON answer.</summary>
    MalformedResponse,

    /// <summary>HTTP 307 to another path on the fake.</summary>
    Redirect,
}
