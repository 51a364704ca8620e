using System.Diagnostics.CodeAnalysis;
using System.IO.Pipelines;

namespace FirehoseAuth.Protocol;

/// <summary>
/// Reads and validates a Firehose HTTP-endpoint delivery.
/// </summary>
public static class FirehoseRequestParser
{
    // STUB: the Protocol implementation replaces these bodies.

    /// <summary>Reads the body from <paramref name="body"/> and parses it.</summary>
    /// <param name="body">The request body, positioned at its start.</param>
    /// <param name="headers">The request's header values.</param>
    /// <param name="options">The limits to apply.</param>
    /// <param name="cancellationToken">Cancels reading the body.</param>
    /// <returns>The parsed delivery (dispose it) or the error to answer with.</returns>
    public static ValueTask<FirehoseParseResult> ParseAsync(Stream body, FirehoseRequestHeaders headers, FirehoseParserOptions options, CancellationToken cancellationToken)
        => throw new NotImplementedException();

    /// <summary>Reads the body from <paramref name="body"/> and parses it.</summary>
    /// <param name="body">The request body reader.</param>
    /// <param name="headers">The request's header values.</param>
    /// <param name="options">The limits to apply.</param>
    /// <param name="cancellationToken">Cancels reading the body.</param>
    /// <returns>The parsed delivery (dispose it) or the error to answer with.</returns>
    public static ValueTask<FirehoseParseResult> ParseAsync(PipeReader body, FirehoseRequestHeaders headers, FirehoseParserOptions options, CancellationToken cancellationToken)
        => throw new NotImplementedException();

    /// <summary>Parses a body that is already in memory (it is copied into a pooled buffer).</summary>
    /// <param name="body">The request body as received (gzip'd if <see cref="FirehoseRequestHeaders.ContentEncoding"/> says so).</param>
    /// <param name="headers">The request's header values.</param>
    /// <param name="options">The limits to apply.</param>
    /// <param name="delivery">The parsed delivery, which the caller must dispose.</param>
    /// <param name="error">The error to answer with.</param>
    /// <returns><see langword="true"/> when the delivery was accepted.</returns>
    public static bool TryParse(ReadOnlySpan<byte> body, FirehoseRequestHeaders headers, FirehoseParserOptions options, [NotNullWhen(true)] out FirehoseDelivery? delivery, [NotNullWhen(false)] out FirehoseError? error)
        => throw new NotImplementedException();
}
