namespace FirehoseAuth;

/// <summary>
/// A typed reason for refusing a delivery: a code, the HTTP status Firehose must receive, and a message that is safe
/// to send back (it never contains the access key or record data).
/// </summary>
public sealed class FirehoseError
{
    /// <summary>The longest message Firehose accepts in a response's <c>errorMessage</c>.</summary>
    public const int MaxMessageLength = 8192;

    /// <summary>Initializes a new instance of the <see cref="FirehoseError"/> class.</summary>
    /// <param name="code">The error class.</param>
    /// <param name="message">A message safe to return to the caller; truncated to <see cref="MaxMessageLength"/> characters.</param>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="code"/> is not a defined value.</exception>
    public FirehoseError(FirehoseErrorCode code, string message)
    {
        ArgumentNullException.ThrowIfNull(message);
        StatusCode = FirehoseStatusCodes.For(code);
        Code = code;
        Message = message.Length <= MaxMessageLength ? message : message[..MaxMessageLength];
    }

    /// <summary>Gets the error class.</summary>
    public FirehoseErrorCode Code { get; }

    /// <summary>Gets the HTTP status code to answer with.</summary>
    public int StatusCode { get; }

    /// <summary>Gets the message to put in the response's <c>errorMessage</c>.</summary>
    public string Message { get; }

    /// <inheritdoc/>
    public override string ToString() => $"{Code} ({StatusCode}): {Message}";
}
