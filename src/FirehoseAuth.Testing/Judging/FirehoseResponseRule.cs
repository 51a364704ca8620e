namespace FirehoseAuth.Testing;

/// <summary>The rule of Firehose's response specification that a response broke.</summary>
public enum FirehoseResponseRule
{
    /// <summary>Only 200 is success; another 2xx status is a failure that Firehose retries.</summary>
    Status,

    /// <summary><c>Content-Type</c> must be <c>application/json</c>.</summary>
    ContentType,

    /// <summary><c>Content-Length</c> must be present and equal to the body's length (no chunked encoding).</summary>
    ContentLength,

    /// <summary>The response must not have a <c>Content-Encoding</c>.</summary>
    ContentEncoding,

    /// <summary>The body must be at most 1 MiB.</summary>
    BodySize,

    /// <summary>The body must be a JSON object.</summary>
    Json,

    /// <summary>The body's <c>requestId</c> must be the request's.</summary>
    RequestId,

    /// <summary>The body's <c>timestamp</c> must be an integer number of Unix milliseconds near the current time.</summary>
    Timestamp,

    /// <summary>The body's <c>errorMessage</c>, when present, must be a string of at most 8,192 characters.</summary>
    ErrorMessage,

    /// <summary>The response must arrive within the response timeout.</summary>
    Timeout,

    /// <summary>The connection failed or was closed before a complete response.</summary>
    Connection,
}
