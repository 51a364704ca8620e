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
    /// A compressed body on the wire may exceed this by the gzip framing overhead only.
    /// </summary>
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

    /// <summary>Gets or sets the deepest JSON nesting accepted in the body.</summary>
    /// <value>The default value is 64.</value>
    public int MaxDepth { get; set; } = 64;
}
