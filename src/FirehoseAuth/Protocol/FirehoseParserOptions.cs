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
    /// <summary>Firehose's maximum body size before compression, in bytes: 67108864 (64 MiB).</summary>
    public const int FirehoseMaxBodySize = 64 * 1024 * 1024;

    /// <summary>Firehose's maximum number of records in one delivery: 10,000.</summary>
    public const int FirehoseMaxRecordCount = 10_000;

    /// <summary>Firehose's maximum size of one decoded record, in bytes: 1024000 (1000 KiB, just under 1 MiB).</summary>
    public const int FirehoseMaxRecordSize = 1_024_000;

    /// <summary>
    /// Gets or sets the largest body accepted, in bytes, after any <c>Content-Encoding: gzip</c> is removed.
    /// A compressed body on the wire may exceed this by the gzip framing overhead only: 0.1 % plus 1 KiB (65 KiB at
    /// 64 MiB), more than deflate's worst case for incompressible data plus the gzip header and trailer.
    /// </summary>
    /// <remarks>At most 1073741824 bytes (1 GiB): the body and its decoded records share one array.</remarks>
    /// <value>The default value is 67108864 bytes (64 MiB, <see cref="FirehoseMaxBodySize"/>).</value>
    public int MaxBodySize { get; set; } = FirehoseMaxBodySize;

    /// <summary>Gets or sets the largest number of records accepted in one delivery.</summary>
    /// <value>The default value is 10,000 (<see cref="FirehoseMaxRecordCount"/>).</value>
    public int MaxRecordCount { get; set; } = FirehoseMaxRecordCount;

    /// <summary>Gets or sets the largest decoded record accepted, in bytes.</summary>
    /// <value>The default value is 1024000 bytes (1000 KiB, <see cref="FirehoseMaxRecordSize"/>).</value>
    public int MaxRecordSize { get; set; } = FirehoseMaxRecordSize;

    /// <summary>
    /// Gets or sets a value indicating whether records that start with the gzip magic bytes are decompressed
    /// (CloudWatch Logs subscription records arrive gzip'd). Each record is decompressed once, while parsing.
    /// </summary>
    /// <value>The default value is <see langword="false"/>.</value>
    public bool DecompressGzipRecords { get; set; }

    /// <summary>
    /// Gets or sets the largest decompressed size of one gzip'd record, in bytes (used when
    /// <see cref="DecompressGzipRecords"/> is set). At most 1073741824 bytes (1 GiB).
    /// </summary>
    /// <value>The default value is 16777216 bytes (16 MiB).</value>
    public int MaxDecompressedRecordSize { get; set; } = 16 * 1024 * 1024;

    /// <summary>Gets or sets the deepest JSON nesting accepted in the body (a delivery needs 3; deeper unknown fields count too).</summary>
    /// <value>The default value is 64.</value>
    public int MaxDepth { get; set; } = 64;

    /// <summary>The largest <see cref="MaxBodySize"/> and <see cref="MaxDecompressedRecordSize"/> accepted, in bytes: 1073741824 (1 GiB).</summary>
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
