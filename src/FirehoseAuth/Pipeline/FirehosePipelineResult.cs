namespace FirehoseAuth.Pipeline;

/// <summary>
/// How the host must answer one request; the response body (Firehose's JSON) has been written to the buffer the host
/// passed to <see cref="FirehoseDeliveryPipeline.ProcessAsync{TRequest}"/>.
/// </summary>
/// <remarks>
/// The host sets the status, <c>Content-Type: application/json</c>
/// (<see cref="Protocol.FirehoseResponseWriter.ContentType"/>), <c>Content-Length</c> = the bytes written, no
/// <c>Content-Encoding</c>, <c>Allow: POST</c> when <see cref="StatusCode"/> is 405, and closes the connection
/// after the response when <see cref="CloseConnection"/> is set.
/// </remarks>
public readonly struct FirehosePipelineResult
{
    internal FirehosePipelineResult(int statusCode, FirehoseErrorCode? errorCode, bool closeConnection)
    {
        StatusCode = statusCode;
        ErrorCode = errorCode;
        CloseConnection = closeConnection;
    }

    /// <summary>Gets the HTTP status code to answer with; only 200 tells Firehose the delivery succeeded.</summary>
    public int StatusCode { get; }

    /// <summary>Gets why the delivery was refused, or <see langword="null"/> when it was answered 200.</summary>
    public FirehoseErrorCode? ErrorCode { get; }

    /// <summary>
    /// Gets a value indicating whether the body may not have been read to its end, so the host should close the
    /// connection after answering rather than read and discard the rest (an unauthenticated body is never read).
    /// </summary>
    public bool CloseConnection { get; }
}
