namespace FirehoseAuth.Protocol;

/// <summary>An <see cref="IInflateSink"/> that writes a gunzipped record into its delivery's gunzipped-records buffer.</summary>
internal readonly struct DeliveryInflateSink(FirehoseDelivery delivery) : IInflateSink
{
    /// <summary>The most bytes asked for at once, so that a small record does not rent a large buffer.</summary>
    private const int ReadChunk = 16 * 1024;

    public Span<byte> GetSpace(int written, int room) => delivery.GetInflatedSpace(written, Math.Min(ReadChunk, room));

    public ReadOnlySpan<byte> GetWritten(int written) => delivery.GetInflatedPending(written);
}
