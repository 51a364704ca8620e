using System.IO.Compression;

namespace FirehoseAuth.AspNetCore.Tests.Adversarial;

/// <summary>
/// Gzip bombs, made once per test class by streaming zeros through <see cref="GZipStream"/>: 1 GiB of zeros (about
/// 1 MiB compressed) for a body, and 256 MiB (about 250 KiB) for a single record.
/// </summary>
public sealed class GzipBomb
{
    public const long BodyInflatedSize = 1L << 30;
    public const long RecordInflatedSize = 256L << 20;

    public byte[] Body { get; } = Compress(BodyInflatedSize);

    public byte[] Record { get; } = Compress(RecordInflatedSize);

    private static byte[] Compress(long zeros)
    {
        var chunk = new byte[1 << 20];
        using var output = new MemoryStream();
        using (var gzip = new GZipStream(output, CompressionLevel.Optimal))
        {
            for (long written = 0; written < zeros; written += chunk.Length)
            {
                gzip.Write(chunk);
            }
        }

        return output.ToArray();
    }
}
