using System.Net;

namespace FirehoseAuth.AspNetCore.Tests.Infrastructure;

/// <summary>
/// A request body of <see cref="Length"/> bytes generated on demand, counting the bytes the transport actually pulled
/// (so a test can tell how much of a refused body was sent). The first bytes are the optional prefix.
/// </summary>
public sealed class CountingContent : HttpContent
{
    private const int ChunkSize = 64 * 1024;
    private readonly byte[] _prefix;
    private long _pulled;

    public CountingContent(long length, byte[]? prefix = null)
    {
        Length = length;
        _prefix = prefix ?? [];
    }

    public long Length { get; }

    public long Pulled => Interlocked.Read(ref _pulled);

    protected override async Task SerializeToStreamAsync(Stream stream, TransportContext? context, CancellationToken cancellationToken)
    {
        var chunk = new byte[ChunkSize];
        chunk.AsSpan().Fill((byte)' ');
        long sent = 0;
        if (_prefix.Length > 0)
        {
            await stream.WriteAsync(_prefix, cancellationToken);
            sent = _prefix.Length;
            Interlocked.Add(ref _pulled, _prefix.Length);
        }

        while (sent < Length)
        {
            var count = (int)Math.Min(ChunkSize, Length - sent);
            await stream.WriteAsync(chunk.AsMemory(0, count), cancellationToken);
            sent += count;
            Interlocked.Add(ref _pulled, count);
        }
    }

    protected override Task SerializeToStreamAsync(Stream stream, TransportContext? context) => SerializeToStreamAsync(stream, context, CancellationToken.None);

    protected override bool TryComputeLength(out long length)
    {
        length = Length;
        return true;
    }
}
