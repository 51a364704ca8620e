namespace FirehoseAuth.Protocol;

/// <summary>
/// Sizes of the pooled buffers. A body of <c>n</c> JSON bytes is read into one array that also holds, after the
/// body, room for every record it can decode to (base64 decodes 4 bytes to at most 3) plus
/// <see cref="Reserve"/> bytes used to gunzip a record in place.
/// </summary>
internal static class BodyLayout
{
    /// <summary>The initial buffer when the body's length is unknown.</summary>
    public const int InitialUnknownLength = 16 * 1024;

    /// <summary>Gets the bytes kept free after the decoded records (the gzip end marker of <see cref="GzipInflater"/>).</summary>
    public static int Reserve => GzipInflater.SentinelLength;

    /// <summary>Gets how many bytes the records of a <paramref name="jsonLength"/>-byte body need, reserve included.</summary>
    public static int DataCapacity(int jsonLength) => jsonLength - (jsonLength / 4) + 4 + Reserve;

    /// <summary>
    /// Gets how much a gzip'd body on the wire may exceed <paramref name="maxBodySize"/>: 0.1 % plus 1 KiB, more than
    /// deflate's worst case (5 bytes per stored block of at most 64 KiB, about 0.03 %) plus the gzip header and trailer.
    /// </summary>
    public static int GzipFramingSlack(int maxBodySize) => (maxBodySize / 1024) + 1024;
}
