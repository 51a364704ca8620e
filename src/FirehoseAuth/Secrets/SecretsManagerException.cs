namespace FirehoseAuth.Secrets;

/// <summary>
/// Secrets Manager answered with an error (its <c>__type</c> and message) or could not be reached.
/// </summary>
public sealed class SecretsManagerException : Exception
{
    /// <summary>Initializes a new instance of the <see cref="SecretsManagerException"/> class.</summary>
    public SecretsManagerException()
    {
        ErrorType = string.Empty;
    }

    /// <summary>Initializes a new instance of the <see cref="SecretsManagerException"/> class.</summary>
    /// <param name="message">The message.</param>
    public SecretsManagerException(string message)
        : base(message)
    {
        ErrorType = string.Empty;
    }

    /// <summary>Initializes a new instance of the <see cref="SecretsManagerException"/> class.</summary>
    /// <param name="message">The message.</param>
    /// <param name="innerException">The cause.</param>
    public SecretsManagerException(string message, Exception? innerException)
        : base(message, innerException)
    {
        ErrorType = string.Empty;
    }

    /// <summary>Initializes a new instance of the <see cref="SecretsManagerException"/> class.</summary>
    /// <param name="errorType">The error type from <c>__type</c> with any namespace prefix removed, for example <c>ResourceNotFoundException</c>.</param>
    /// <param name="message">The service's message.</param>
    /// <param name="statusCode">The HTTP status, or 0 when no response was received.</param>
    /// <param name="isRetryable">Whether the error is transient (throttling, 5xx, timeouts).</param>
    /// <param name="innerException">The cause, if any.</param>
    public SecretsManagerException(string errorType, string message, int statusCode, bool isRetryable, Exception? innerException = null)
        : base(message, innerException)
    {
        ErrorType = errorType;
        StatusCode = statusCode;
        IsRetryable = isRetryable;
    }

    /// <summary>Gets the error type, for example <c>ThrottlingException</c> or <c>AccessDeniedException</c>.</summary>
    public string ErrorType { get; }

    /// <summary>Gets the HTTP status code, or 0 when no response was received.</summary>
    public int StatusCode { get; }

    /// <summary>Gets a value indicating whether the error is transient and the call may be retried.</summary>
    public bool IsRetryable { get; }
}
