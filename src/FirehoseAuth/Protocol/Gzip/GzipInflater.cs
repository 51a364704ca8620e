using System.Buffers;
using System.Buffers.Binary;
using System.IO.Compression;

namespace FirehoseAuth.Protocol;

/// <summary>
/// Gunzips a body or a record into pooled memory with a cap on the decompressed size.
/// </summary>
/// <remarks>
/// <see cref="GZipStream"/> reports no error when its input is truncated (it just ends). So every input is followed by
/// <see cref="Sentinel"/>, a complete gzip member whose content is <see cref="Marker"/>: when the input's last member
/// is complete the inflater goes on into the sentinel and the output ends with the marker; a truncated input (or
/// trailing garbage) swallows it, and the output does not end with the marker.
/// </remarks>
internal static class GzipInflater
{
    private const int ReadChunk = 16 * 1024;

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
    /// Gunzips <c>input[0..length)</c> (the array must have <see cref="SentinelLength"/> free bytes after it) into a new
    /// pooled array that also has room for <see cref="BodyLayout.DataCapacity"/> after the output when the hint is right.
    /// </summary>
    public static InflateStatus InflateBody(byte[] input, int length, int maxLength, ArrayPool<byte> pool, out byte[]? output, out int outputLength)
    {
        var hint = SizeHint(input.AsSpan(0, length), maxLength);
        var limit = maxLength + Marker.Length;
        var buffer = pool.Rent(hint + Marker.Length + BodyLayout.DataCapacity(hint));
        var total = 0;
        var status = InflateStatus.Ok;
        try
        {
            using var gzip = Open(input, 0, length);
            while (true)
            {
                if (total == buffer.Length)
                {
                    PooledArray.Grow(pool, ref buffer, total, total + ReadChunk, (long)limit + 1 + BodyLayout.DataCapacity(limit));
                }

                var read = gzip.Read(buffer.AsSpan(total, Math.Min(buffer.Length, limit + 1) - total));
                if (read == 0)
                {
                    break;
                }

                total += read;
                if (total > limit)
                {
                    status = InflateStatus.TooLarge;
                    break;
                }
            }
        }
        catch (InvalidDataException)
        {
            status = InflateStatus.Corrupt;
        }

        if (status == InflateStatus.Ok && !EndsWithMarker(buffer.AsSpan(0, total)))
        {
            status = InflateStatus.Corrupt;
        }

        if (status != InflateStatus.Ok)
        {
            pool.Return(buffer);
            output = null;
            outputLength = 0;
            return status;
        }

        output = buffer;
        outputLength = total - Marker.Length;
        return status;
    }

    /// <summary>
    /// Gunzips the record of <paramref name="length"/> bytes just decoded at the start of the delivery's free data
    /// space into its gunzipped-records buffer, and appends it.
    /// </summary>
    public static RecordStatus InflateRecord(FirehoseDelivery delivery, int length, int maxLength)
    {
        var data = delivery.GetDataBuffer(out var offset);
        var limit = maxLength + Marker.Length;
        var used = 0;
        try
        {
            using var gzip = Open(data, offset, length);
            while (true)
            {
                var space = delivery.GetInflatedSpace(used, Math.Min(ReadChunk, limit + 1 - used));
                if (space.IsEmpty)
                {
                    return RecordStatus.DecompressedRecordTooLarge;
                }

                var read = gzip.Read(space[..Math.Min(space.Length, limit + 1 - used)]);
                if (read == 0)
                {
                    break;
                }

                used += read;
                if (used > limit)
                {
                    return RecordStatus.DecompressedRecordTooLarge;
                }
            }
        }
        catch (InvalidDataException)
        {
            return RecordStatus.CorruptGzip;
        }

        if (!EndsWithMarker(delivery.GetInflatedSpace(0, used)[..used]))
        {
            return RecordStatus.CorruptGzip;
        }

        delivery.CommitInflatedRecord(used - Marker.Length);
        return RecordStatus.Ok;
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
    public static GZipStream Open(byte[] array, int offset, int length)
    {
        Sentinel.CopyTo(array.AsSpan(offset + length));
        return new GZipStream(new MemoryStream(array, offset, length + Sentinel.Length, writable: false), CompressionMode.Decompress);
    }

    /// <summary>Whether <paramref name="output"/> ends with the marker, so the input before the sentinel was intact.</summary>
    public static bool EndsWithMarker(ReadOnlySpan<byte> output) => output.EndsWith(Marker);

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
