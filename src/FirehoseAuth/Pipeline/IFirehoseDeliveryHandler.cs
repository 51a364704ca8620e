namespace FirehoseAuth.Pipeline;

/// <summary>
/// Makes a delivery's records durable. Register an implementation in DI (scoped, transient or singleton) and map it
/// with <c>MapFirehoseEndpoint&lt;THandler&gt;(…)</c>; it is resolved from the request's scope for every delivery.
/// </summary>
/// <remarks>
/// The delivery is answered 200 only after the returned task completed; an exception is answered 500 and Firehose
/// retries. The delivery and its records are valid only until the returned task completes: copy what you keep.
/// </remarks>
public interface IFirehoseDeliveryHandler
{
    /// <summary>Handles one authenticated, parsed delivery.</summary>
    /// <param name="context">The delivery, its stream, the host's request and the cancellation token.</param>
    /// <returns>A task that completes when the records are durable.</returns>
    ValueTask HandleAsync(FirehoseDeliveryContext context);
}
