using System.Globalization;

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

    /// <summary>
    /// Gets or sets the most bytes that the gzip'd records of one delivery may gunzip to in total, in bytes, when a
    /// <see cref="Payloads.FirehosePayloadReader"/> decodes them (CloudWatch Logs records arrive gzip'd) or the parser
    /// does (<see cref="DecompressGzipRecords"/>). The reader reports a record that would pass it as
    /// <see cref="Payloads.PayloadStatus.DecompressedDeliveryTooLarge"/> with its raw bytes and does not refuse the
    /// delivery; the parser refuses the delivery with 400 (as for <see cref="MaxDecompressedRecordSize"/>), so that
    /// Firehose retries it and then backs it up.
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

    /// <summary>The default <see cref="MaxDecompressedDeliverySize"/>, in bytes: 2147483648 (2 GiB).</summary>
    internal const long DefaultMaxDecompressedDeliverySize = 2L * 1024 * 1024 * 1024;

    /// <summary>The largest <see cref="MaxDecompressedDeliverySize"/> accepted, in bytes: 68719476736 (64 GiB).</summary>
    internal const long MaxDeliveryDecompression = 64L * 1024 * 1024 * 1024;

    /// <summary>The largest <see cref="MaxBodySize"/> and <see cref="MaxDecompressedRecordSize"/> accepted, in bytes: 1073741824 (1 GiB).</summary>
    internal const int MaxBufferSize = 1024 * 1024 * 1024;

    /// <summary>The shallowest <see cref="MaxDepth"/> accepted: a delivery's records are nested 3 deep (root object, array, record).</summary>
    internal const int MinDepth = 3;

    /// <summary>
    /// Checks every limit against its bounds (the one place they are written) and adds one message per problem to
    /// <paramref name="problems"/>, each naming its setting as <paramref name="settingPrefix"/> then the property name.
    /// </summary>
    /// <param name="settingPrefix">What comes before the property's name in a message, such as <c>FirehoseAuth:Limits:</c>; empty for none.</param>
    /// <param name="problems">Where the messages go; <see langword="null"/> to check only (nothing is allocated then).</param>
    /// <returns><see langword="true"/> when every limit is within its bounds.</returns>
    internal bool Validate(string settingPrefix, List<string>? problems)
    {
        var valid = InRange(MaxBodySize, 1, MaxBufferSize, settingPrefix, nameof(MaxBodySize), problems);
        valid &= InRange(MaxRecordCount, 1, int.MaxValue, settingPrefix, nameof(MaxRecordCount), problems);
        valid &= InRange(MaxRecordSize, 1, int.MaxValue, settingPrefix, nameof(MaxRecordSize), problems);
        valid &= InRange(MaxDecompressedRecordSize, 1, MaxBufferSize, settingPrefix, nameof(MaxDecompressedRecordSize), problems);
        valid &= InRange(MaxDecompressedDeliverySize, 1, MaxDeliveryDecompression, settingPrefix, nameof(MaxDecompressedDeliverySize), problems);
        return valid & InRange(MaxDepth, MinDepth, int.MaxValue, settingPrefix, nameof(MaxDepth), problems, " (a Firehose body nests its records 3 levels deep)");
    }

    /// <summary>Throws when these options are invalid (a configuration error, not an input error).</summary>
    internal void ThrowIfInvalid()
    {
        if (!Validate(string.Empty, problems: null))
        {
            var problems = new List<string>();
            Validate(string.Empty, problems);
            throw new ArgumentException(string.Join(" ", problems), "options");
        }
    }

    private static bool InRange(long value, long min, long max, string settingPrefix, string name, List<string>? problems, string? reason = null)
    {
        if (value >= min && value <= max)
        {
            return true;
        }

        problems?.Add(value < min
            ? string.Create(CultureInfo.InvariantCulture, $"{settingPrefix}{name} is {value}; it must be at least {min}{reason}.")
            : string.Create(CultureInfo.InvariantCulture, $"{settingPrefix}{name} is {value}; it must be at most {max}."));
        return false;
    }
}
