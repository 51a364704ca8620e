namespace FirehoseAuth.Pipeline;

/// <summary>How a host refused to deliver a request body (see <see cref="IFirehoseHttpRequest.ClassifyBodyReadFailure"/>).</summary>
public enum FirehoseBodyReadFailure
{
    /// <summary>Not a refusal by the host: the exception propagates.</summary>
    None = 0,

    /// <summary>The body could not be read (a malformed chunk, a body shorter than its <c>Content-Length</c>): answered 400.</summary>
    Unreadable = 1,

    /// <summary>
    /// The body is over the host's size limit: answered 413 when the pipeline had raised that limit to the stream's
    /// (the operator's limit), else 500 so that Firehose retries instead of dropping the data.
    /// </summary>
    OverSizeLimit = 2,
}
