using System.Buffers.Binary;
using System.IO.Compression;

namespace FirehoseAuth.Protocol;

/// <summary>
/// The project's one gunzip: a body or a record, into whatever memory an <see cref="IInflateSink"/> supplies, with a cap
/// on the decompressed size.
/// </summary>
/// <remarks>
/// <see cref="GZipStream"/> reports no error when its input is truncated (it just ends). So every input is followed by
/// <see cref="Sentinel"/>, a complete gzip member whose content is <see cref="Marker"/>: when the input's last member
/// is complete the inflater goes on into the sentinel and the output ends with the marker; a truncated input (or
/// trailing garbage) swallows it, and the output does not end with the marker.
/// </remarks>
internal static class GzipInflater
{
    /// <summary>The most bytes one compressed byte can inflate to: deflate's densest encoding is about 1032 to 1.</summary>
    private const int MaxDeflateRatio = 1032;

    private static readonly byte[] Marker = "\0FirehoseAuth/gzip-end\0"u8.ToArray();
    private static readonly byte[] Sentinel = CreateSentinel();

    public static int SentinelLength => Sentinel.Length;

    /// <summary>Gets the length of the marker that ends the output of an intact input (see the remarks).</summary>
    public static int MarkerLength => Marker.Length;

    /// <summary>Returns <see langword="true"/> when <paramref name="record"/> starts with the gzip magic and the deflate method (1F 8B 08).</summary>
    public static bool HasGzipMagic(ReadOnlySpan<byte> record) => record.Length >= 3 && record[0] == 0x1F && record[1] == 0x8B && record[2] == 0x08;

    /// <summary>
    /// The one capped gunzip: gunzips <c>input[offset..offset + length)</c> (the array must have
    /// <see cref="SentinelLength"/> free bytes after it) into <paramref name="sink"/>, at most
    /// <paramref name="maxLength"/> bytes.
    /// </summary>
    /// <typeparam name="TSink">The sink (a struct, so that this loop is specialized for it).</typeparam>
    /// <param name="input">The array holding the gzip'd input, with room for the sentinel after it.</param>
    /// <param name="offset">Where the input starts.</param>
    /// <param name="length">The input's length.</param>
    /// <param name="maxLength">The most bytes the output may have.</param>
    /// <param name="sink">Where the output goes.</param>
    /// <param name="outputLength">The output's length (without the end marker, which the sink holds after it).</param>
    /// <returns>The status.</returns>
    public static InflateStatus Inflate<TSink>(byte[] input, int offset, int length, int maxLength, ref TSink sink, out int outputLength)
        where TSink : struct, IInflateSink
    {
        outputLength = 0;
        var limit = maxLength + Marker.Length;
        var used = 0;
        try
        {
            using var gzip = Open(input, offset, length);
            var space = Span<byte>.Empty;
            while (true)
            {
                if (space.IsEmpty)
                {
                    space = sink.GetSpace(used, limit + 1 - used);
                    if (space.IsEmpty)
                    {
                        return InflateStatus.TooLarge;
                    }
                }

                var read = gzip.Read(space[..Math.Min(space.Length, limit + 1 - used)]);
                if (read == 0)
                {
                    break;
                }

                used += read;
                if (used > limit)
                {
                    return InflateStatus.TooLarge;
                }

                space = space[read..];
            }
        }
        catch (InvalidDataException)
        {
            return InflateStatus.Corrupt;
        }

        if (!sink.GetWritten(used).EndsWith(Marker))
        {
            return InflateStatus.Corrupt;
        }

        outputLength = used - Marker.Length;
        return InflateStatus.Ok;
    }

    /// <summary>
    /// Guesses the size of a gzip'd body once gunzipped, at most <paramref name="maxLength"/>: the trailer's ISIZE (size
    /// mod 2^32 of the last member). It is untrusted, so it is capped by deflate's densest ratio: a few bytes claiming
    /// 4 GiB cannot make us rent 128 MiB.
    /// </summary>
    public static int SizeHint(ReadOnlySpan<byte> input, int maxLength)
    {
        var ceiling = Math.Min((long)input.Length * MaxDeflateRatio, maxLength);
        var hint = input.Length >= 18 ? (int)Math.Min(BinaryPrimitives.ReadUInt32LittleEndian(input[^4..]), ceiling) : 0;
        return hint > 0 ? hint : (int)Math.Min((long)input.Length * 4, maxLength);
    }

    /// <summary>
    /// Opens a gunzipping stream over <c>array[offset..offset + length)</c> followed by the sentinel (written into the
    /// array, which must have <see cref="SentinelLength"/> free bytes there): its output ends with the marker when the
    /// input is intact.
    /// </summary>
    private static GZipStream Open(byte[] array, int offset, int length)
    {
        Sentinel.CopyTo(array.AsSpan(offset + length));
        return new GZipStream(new MemoryStream(array, offset, length + Sentinel.Length, writable: false), CompressionMode.Decompress);
    }

    private static byte[] CreateSentinel()
    {
        using var stream = new MemoryStream();
        using (var gzip = new GZipStream(stream, CompressionLevel.Optimal, leaveOpen: true))
        {
            gzip.Write(Marker);
        }

        return stream.ToArray();
    }
}
