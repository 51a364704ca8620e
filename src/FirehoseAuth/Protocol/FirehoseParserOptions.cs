namespace FirehoseAuth.Protocol;

/// <summary>
/// Limits applied while reading and parsing a delivery.
/// </summary>
/// <remarks>
/// The defaults accept every delivery Firehose can legally send. Firehose treats 413 as a permanent failure and does
/// not back the batch up, so lowering a limit below Firehose's maxima can lose data: do it only on purpose.
/// </remarks>
public sealed class FirehoseParserOptions
{
    /// <summary>Firehose's maximum body size before compression: 64 MiB.</summary>
    public const int FirehoseMaxBodySize = 64 * 1024 * 1024;

    /// <summary>Firehose's maximum number of records in one delivery: 10,000.</summary>
    public const int FirehoseMaxRecordCount = 10_000;

    /// <summary>Firehose's maximum size of one decoded record: 1,024,000 bytes.</summary>
    public const int FirehoseMaxRecordSize = 1_024_000;

    /// <summary>
    /// Gets or sets the largest body accepted, in bytes, after any <c>Content-Encoding: gzip</c> is removed.
    /// A compressed body on the wire may exceed this by the gzip framing overhead only: 0.1 % plus 1 KiB (65 KiB at
    /// 64 MiB), more than deflate's worst case for incompressible data plus the gzip header and trailer.
    /// </summary>
    /// <remarks>At most 1 GiB: the body and its decoded records share one array.</remarks>
    /// <value>The default value is 64 MiB (<see cref="FirehoseMaxBodySize"/>).</value>
    public int MaxBodySize { get; set; } = FirehoseMaxBodySize;

    /// <summary>Gets or sets the largest number of records accepted in one delivery.</summary>
    /// <value>The default value is 10,000 (<see cref="FirehoseMaxRecordCount"/>).</value>
    public int MaxRecordCount { get; set; } = FirehoseMaxRecordCount;

    /// <summary>Gets or sets the largest decoded record accepted, in bytes.</summary>
    /// <value>The default value is 1,024,000 (<see cref="FirehoseMaxRecordSize"/>).</value>
    public int MaxRecordSize { get; set; } = FirehoseMaxRecordSize;

    /// <summary>
    /// Gets or sets a value indicating whether records that start with the gzip magic bytes are decompressed
    /// (CloudWatch Logs subscription records arrive gzip'd). Each record is decompressed once, while parsing.
    /// </summary>
    /// <value>The default value is <see langword="false"/>.</value>
    public bool DecompressGzipRecords { get; set; }

    /// <summary>Gets or sets the largest decompressed size of one gzip'd record, in bytes.</summary>
    /// <value>The default value is 16 MiB.</value>
    public int MaxDecompressedRecordSize { get; set; } = 16 * 1024 * 1024;

    /// <summary>
    /// Gets or sets the most bytes that the gzip'd records of one delivery may gunzip to in total, in bytes, when a
    /// <see cref="Payloads.FirehosePayloadReader"/> decodes them (CloudWatch Logs records arrive gzip'd). A record that
    /// would pass it is reported as <see cref="Payloads.PayloadStatus.DecompressedDeliveryTooLarge"/> with its raw bytes;
    /// the delivery itself is not refused.
    /// </summary>
    /// <remarks>
    /// Between 1 byte and 64 GiB. The default admits every CloudWatch Logs delivery met in practice: a delivery holds at
    /// most 48 MiB of records (64 MiB of base64), and CloudWatch Logs subscription JSON gunzips at well under 40 to 1
    /// (its per-event framing and ids hold entropy); 48 MiB at 40 to 1 is 1.9 GiB. Deflate alone could reach 1032 to 1,
    /// which no memory bound admits: raise the limit if your logs are that repetitive.
    /// </remarks>
    /// <value>The default value is 2 GiB (2,147,483,648 bytes).</value>
    public long MaxDecompressedDeliverySize { get; set; } = DefaultMaxDecompressedDeliverySize;

    /// <summary>Gets or sets the deepest JSON nesting accepted in the body (a delivery needs 3; deeper unknown fields count too).</summary>
    /// <value>The default value is 64.</value>
    public int MaxDepth { get; set; } = 64;

    /// <summary>The default <see cref="MaxDecompressedDeliverySize"/>: 2 GiB.</summary>
    internal const long DefaultMaxDecompressedDeliverySize = 2L * 1024 * 1024 * 1024;

    /// <summary>The largest <see cref="MaxDecompressedDeliverySize"/> accepted: 64 GiB.</summary>
    internal const long MaxDeliveryDecompression = 64L * 1024 * 1024 * 1024;

    /// <summary>The largest <see cref="MaxBodySize"/> and <see cref="MaxDecompressedRecordSize"/> accepted: 1 GiB.</summary>
    internal const int MaxBufferSize = 1024 * 1024 * 1024;

    /// <summary>Returns why these options are invalid, or <see langword="null"/> when they are valid (for options validators).</summary>
    internal string? Validate()
    {
        if (MaxBodySize is < 1 or > MaxBufferSize)
        {
            return $"{nameof(MaxBodySize)} must be between 1 and {MaxBufferSize} bytes.";
        }

        if (MaxRecordCount < 1)
        {
            return $"{nameof(MaxRecordCount)} must be at least 1.";
        }

        if (MaxRecordSize < 1)
        {
            return $"{nameof(MaxRecordSize)} must be at least 1 byte.";
        }

        if (MaxDecompressedRecordSize is < 1 or > MaxBufferSize)
        {
            return $"{nameof(MaxDecompressedRecordSize)} must be between 1 and {MaxBufferSize} bytes.";
        }

        if (MaxDecompressedDeliverySize is < 1 or > MaxDeliveryDecompression)
        {
            return $"{nameof(MaxDecompressedDeliverySize)} must be between 1 and {MaxDeliveryDecompression} bytes.";
        }

        return MaxDepth < 3 ? $"{nameof(MaxDepth)} must be at least 3 (a delivery's records are nested 3 deep)." : null;
    }

    /// <summary>Throws when these options are invalid (a configuration error, not an input error).</summary>
    internal void ThrowIfInvalid()
    {
        var problem = Validate();
        if (problem is not null)
        {
            throw new ArgumentException(problem, "options");
        }
    }
}
