namespace FirehoseAuth.Protocol;

/// <summary>
/// One parsed Firehose delivery. It owns a pooled buffer that holds the decoded records and returns it on
/// <see cref="Dispose"/>; records must not be used after that.
/// </summary>
public sealed class FirehoseDelivery : IDisposable
{
    // STUB: the Protocol implementation replaces the internals of this type.
    private FirehoseDelivery()
    {
    }

    /// <summary>Gets the request id (from the body; equal to the header's when both are present).</summary>
    public string RequestId => throw new NotImplementedException();

    /// <summary>Gets the body's <c>timestamp</c>, in milliseconds since the Unix epoch, as sent.</summary>
    public long TimestampMilliseconds => throw new NotImplementedException();

    /// <summary>Gets the <c>X-Amz-Firehose-Source-Arn</c> header value, if present.</summary>
    public string? SourceArn => throw new NotImplementedException();

    /// <summary>Gets the common attributes (empty when the header is absent). UTF-8 is preserved.</summary>
    public IReadOnlyDictionary<string, string> CommonAttributes => throw new NotImplementedException();

    /// <summary>Gets the decoded records, valid until this delivery is disposed.</summary>
    public FirehoseRecordList Records => throw new NotImplementedException();

    /// <summary>Returns the pooled buffer. Records obtained earlier become invalid.</summary>
    public void Dispose() => throw new NotImplementedException();
}
