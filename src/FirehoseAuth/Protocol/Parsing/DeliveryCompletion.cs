namespace FirehoseAuth.Protocol;

/// <summary>
/// The one completion step of every parse path: resolve the request id against the header's, then complete the
/// delivery, or dispose of it and fail.
/// </summary>
internal static class DeliveryCompletion
{
    /// <summary>Completes <paramref name="delivery"/> when <paramref name="error"/> is null and the request ids agree; otherwise disposes of it.</summary>
    /// <param name="delivery">The delivery the body was parsed into (owned by this call).</param>
    /// <param name="error">The error the walk of the body found, if any.</param>
    /// <param name="json">The bytes the request id token points into.</param>
    /// <param name="requestId">The body's request id.</param>
    /// <param name="timestamp">The body's timestamp.</param>
    /// <param name="headers">The request's headers (for the request id).</param>
    /// <returns>The delivery, or the error to answer with.</returns>
    public static FirehoseParseResult Complete(FirehoseDelivery delivery, FirehoseError? error, ReadOnlySpan<byte> json, RequestIdToken requestId, long timestamp, in FirehoseRequestHeaders headers)
    {
        if (error is null)
        {
            error = RequestIdMatcher.Resolve(json, requestId, headers.RequestId, out var id);
            if (error is null)
            {
                delivery.Complete(id, timestamp);
                return FirehoseParseResult.Success(delivery);
            }
        }

        delivery.Dispose();
        return FirehoseParseResult.Failure(error);
    }
}
