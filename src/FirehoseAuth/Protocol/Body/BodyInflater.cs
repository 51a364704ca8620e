using System.Buffers;

namespace FirehoseAuth.Protocol;

/// <summary>Gunzips a whole body into a new pooled array that also has room for the records decoded after it.</summary>
internal static class BodyInflater
{
    /// <summary>
    /// Gunzips <c>input[0..length)</c> (the array must have <see cref="GzipInflater.SentinelLength"/> free bytes after
    /// it) into a new pooled array that also has room for <see cref="BodyLayout.DataCapacity"/> after the output when
    /// the size hint is right.
    /// </summary>
    public static InflateStatus Inflate(byte[] input, int length, int maxLength, ArrayPool<byte> pool, out byte[]? output, out int outputLength)
    {
        var hint = GzipInflater.SizeHint(input.AsSpan(0, length), maxLength);
        var limit = maxLength + GzipInflater.MarkerLength;
        var sink = new PooledArraySink(
            pool,
            pool.Rent(hint + GzipInflater.MarkerLength + BodyLayout.DataCapacity(hint)),
            (long)limit + 1 + BodyLayout.DataCapacity(limit));
        var status = GzipInflater.Inflate(input, 0, length, maxLength, ref sink, out outputLength);
        if (status != InflateStatus.Ok)
        {
            pool.Return(sink.Array);
            output = null;
            return status;
        }

        output = sink.Array;
        return status;
    }
}
