namespace FirehoseAuth.Testing;

/// <summary>
/// A delivery stream's buffering hints: Firehose sends a delivery when the buffered records reach
/// <see cref="SizeInMiB"/> or the oldest buffered record has waited <see cref="Interval"/>, whichever comes first.
/// A delivery never holds more than 10,000 records or a body over 64 MiB.
/// </summary>
public sealed class FirehoseBufferingHints
{
    /// <summary>Gets the buffer size, in MiB of record data (before base64), from 1 to 64.</summary>
    /// <value>The default value is 5 MiB, Firehose's default for HTTP endpoints.</value>
    public int SizeInMiB { get; init; } = 5;

    /// <summary>Gets the buffer interval, from zero (send each record as it comes) to 900 seconds.</summary>
    /// <value>The default value is 300 seconds, Firehose's default for HTTP endpoints.</value>
    public TimeSpan Interval { get; init; } = TimeSpan.FromSeconds(300);

    internal long SizeInBytes => SizeInMiB * 1024L * 1024L;

    internal void Validate()
    {
        if (SizeInMiB is < 1 or > 64)
        {
            throw new ArgumentOutOfRangeException(nameof(SizeInMiB), SizeInMiB, "Firehose's buffer size for HTTP endpoints is 1 to 64 MiB.");
        }

        if (Interval < TimeSpan.Zero || Interval > TimeSpan.FromSeconds(900))
        {
            throw new ArgumentOutOfRangeException(nameof(Interval), Interval, "Firehose's buffer interval is 0 to 900 seconds.");
        }
    }
}
