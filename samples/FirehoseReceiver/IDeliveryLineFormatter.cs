namespace FirehoseReceiver;

/// <summary>
/// Formats one delivery's NDJSON lines into as many buffers as it takes, resuming where the last one filled, so that
/// <see cref="NdjsonRecordWriter"/> can format part of a delivery before taking its lock and the rest under it.
/// </summary>
internal interface IDeliveryLineFormatter
{
    /// <summary>Gets the smallest buffer <see cref="Fill"/> always makes progress in.</summary>
    int MinimumBufferLength { get; }

    /// <summary>Gets a value indicating whether every line has been formatted.</summary>
    bool IsComplete { get; }

    /// <summary>Formats lines into <paramref name="destination"/> until it is full or the delivery is done.</summary>
    /// <returns>The bytes written; 0 only when <see cref="IsComplete"/>.</returns>
    int Fill(Span<byte> destination);
}
