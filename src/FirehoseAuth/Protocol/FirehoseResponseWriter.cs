using System.Buffers;

namespace FirehoseAuth.Protocol;

/// <summary>
/// Writes the response body Firehose expects: <c>{"requestId":"…","timestamp":ms}</c>, plus <c>"errorMessage"</c> on failure.
/// </summary>
public static class FirehoseResponseWriter
{
    // STUB: the Protocol implementation replaces these bodies.

    /// <summary>The response content type.</summary>
    public const string ContentType = "application/json";

    /// <summary>Writes a response body to <paramref name="destination"/> without intermediate strings.</summary>
    /// <param name="destination">Where the UTF-8 JSON is written.</param>
    /// <param name="requestId">The request id to echo (the body's, else the header's); <see langword="null"/> writes an empty string.</param>
    /// <param name="timestamp">The response time.</param>
    /// <param name="errorMessage">The error message on failure (truncated to 8192 characters), or <see langword="null"/> on success.</param>
    /// <returns>The number of bytes written.</returns>
    public static int Write(IBufferWriter<byte> destination, string? requestId, DateTimeOffset timestamp, string? errorMessage = null)
        => throw new NotImplementedException();
}
