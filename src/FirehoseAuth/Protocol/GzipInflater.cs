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

    /// <summary>Returns <see langword="true"/> when <paramref name="record"/> starts with the gzip magic and the deflate method (1F 8B 08).</summary>
    public static bool HasGzipMagic(ReadOnlySpan<byte> record) => record.Length >= 3 && record[0] == 0x1F && record[1] == 0x8B && record[2] == 0x08;

    /// <summary>
    /// Gunzips <c>input[0..length)</c> (the array must have <see cref="SentinelLength"/> free bytes after it) into a new
    /// pooled array that also has room for <see cref="BodyLayout.DataCapacity"/> after the output when the hint is right.
    /// </summary>
    public static InflateStatus InflateBody(byte[] input, int length, int maxLength, ArrayPool<byte> pool, out byte[]? output, out int outputLength)
    {
        Sentinel.CopyTo(input.AsSpan(length));
        // The trailer's ISIZE (size mod 2^32 of the last member) sizes the output; it is only a hint (grown if wrong).
        // It is untrusted: capped by deflate's densest ratio, so a few bytes claiming 4 GiB cannot make us rent 128 MiB.
        var ceiling = Math.Min((long)length * MaxDeflateRatio, maxLength);
        var hint = length >= 18 ? (int)Math.Min(BinaryPrimitives.ReadUInt32LittleEndian(input.AsSpan(length - 4)), ceiling) : 0;
        if (hint == 0)
        {
            hint = (int)Math.Min((long)length * 4, maxLength);
        }

        var limit = maxLength + Marker.Length;
        var buffer = pool.Rent(hint + Marker.Length + BodyLayout.DataCapacity(hint));
        var total = 0;
        var status = InflateStatus.Ok;
        try
        {
            using var source = new MemoryStream(input, 0, length + Sentinel.Length, writable: false);
            using var gzip = new GZipStream(source, CompressionMode.Decompress);
            while (true)
            {
                if (total == buffer.Length)
                {
                    var size = (int)Math.Min(Math.Max((long)buffer.Length * 2, total + ReadChunk), (long)limit + 1 + BodyLayout.DataCapacity(limit));
                    var bigger = pool.Rent(size);
                    buffer.AsSpan(0, total).CopyTo(bigger);
                    pool.Return(buffer);
                    buffer = bigger;
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
        Sentinel.CopyTo(data.AsSpan(offset + length));
        var limit = maxLength + Marker.Length;
        var used = 0;
        try
        {
            using var source = new MemoryStream(data, offset, length + Sentinel.Length, writable: false);
            using var gzip = new GZipStream(source, CompressionMode.Decompress);
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

    private static bool EndsWithMarker(ReadOnlySpan<byte> output) => output.EndsWith(Marker);

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
