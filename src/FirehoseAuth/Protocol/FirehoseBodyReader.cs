using System.Buffers;
using System.IO.Pipelines;
using System.Runtime.CompilerServices;

namespace FirehoseAuth.Protocol;

/// <summary>
/// Reads a whole body into one pooled array, sized from <c>Content-Length</c> when it is known, never reading more
/// than one byte past the limit.
/// </summary>
/// <remarks>
/// With a declared length, a body that ends early or goes on past it is refused (400); without one, a body past
/// <c>maxLength</c> is refused (413). I/O errors and cancellation propagate as exceptions; the array is returned first.
/// </remarks>
internal static class FirehoseBodyReader
{
    /// <summary>Reads <paramref name="body"/> to its end.</summary>
    /// <param name="body">The body.</param>
    /// <param name="declaredLength">The <c>Content-Length</c>, already checked against <paramref name="maxLength"/>.</param>
    /// <param name="maxLength">The largest body accepted.</param>
    /// <param name="gzip">Whether the body is gzip'd (room is rented after it for the gzip end marker, else for the decoded records).</param>
    /// <param name="pool">The pool.</param>
    /// <param name="cancellationToken">Cancels reading.</param>
    /// <returns>The body or the error.</returns>
    [AsyncMethodBuilder(typeof(PoolingAsyncValueTaskMethodBuilder<>))]
    public static async ValueTask<BodyReadResult> ReadAsync(Stream body, long? declaredLength, int maxLength, bool gzip, ArrayPool<byte> pool, CancellationToken cancellationToken)
    {
        var max = declaredLength is { } declared ? (int)declared : maxLength;
        var buffer = pool.Rent(InitialSize(declaredLength, max, gzip));
        var length = 0;
        try
        {
            while (true)
            {
                if (length == buffer.Length)
                {
                    buffer = Grow(buffer, length, max, gzip, pool);
                }

                var read = await body.ReadAsync(buffer.AsMemory(length, Math.Min(buffer.Length, max + 1) - length), cancellationToken).ConfigureAwait(false);
                if (read == 0)
                {
                    break;
                }

                length += read;
                if (length > max)
                {
                    break;
                }
            }
        }
        catch
        {
            pool.Return(buffer);
            throw;
        }

        return Finish(buffer, length, declaredLength, max, pool);
    }

    /// <summary>Reads <paramref name="body"/> to its end (the reader is advanced past what was read, not completed).</summary>
    /// <param name="body">The body.</param>
    /// <param name="declaredLength">The <c>Content-Length</c>, already checked against <paramref name="maxLength"/>.</param>
    /// <param name="maxLength">The largest body accepted.</param>
    /// <param name="gzip">Whether the body is gzip'd (room is rented after it for the gzip end marker, else for the decoded records).</param>
    /// <param name="pool">The pool.</param>
    /// <param name="cancellationToken">Cancels reading.</param>
    /// <returns>The body or the error.</returns>
    [AsyncMethodBuilder(typeof(PoolingAsyncValueTaskMethodBuilder<>))]
    public static async ValueTask<BodyReadResult> ReadAsync(PipeReader body, long? declaredLength, int maxLength, bool gzip, ArrayPool<byte> pool, CancellationToken cancellationToken)
    {
        var max = declaredLength is { } declared ? (int)declared : maxLength;
        var buffer = pool.Rent(InitialSize(declaredLength, max, gzip));
        var length = 0;
        try
        {
            while (true)
            {
                var result = await body.ReadAsync(cancellationToken).ConfigureAwait(false);
                if (result.IsCanceled)
                {
                    throw new OperationCanceledException("Reading the body was canceled.");
                }

                var sequence = result.Buffer;
                var take = (int)Math.Min(sequence.Length, max + 1L - length);
                while (length + take > buffer.Length)
                {
                    buffer = Grow(buffer, length, max, gzip, pool);
                }

                var taken = sequence.Slice(0, take);
                taken.CopyTo(buffer.AsSpan(length));
                length += take;
                body.AdvanceTo(taken.End, sequence.End);
                if (length > max || result.IsCompleted)
                {
                    break;
                }
            }
        }
        catch
        {
            pool.Return(buffer);
            throw;
        }

        return Finish(buffer, length, declaredLength, max, pool);
    }

    private static int Extra(int length, bool gzip) => gzip ? GzipInflater.SentinelLength : BodyLayout.DataCapacity(length);

    private static int InitialSize(long? declaredLength, int max, bool gzip)
        => declaredLength is null ? Math.Min(max + 1, BodyLayout.InitialUnknownLength) : max + 1 + Extra(max, gzip);

    private static byte[] Grow(byte[] buffer, int length, int max, bool gzip, ArrayPool<byte> pool)
    {
        var size = (int)Math.Min((long)buffer.Length * 2, max + 1L + Extra(max, gzip));
        var bigger = pool.Rent(Math.Max(size, length + 1));
        buffer.AsSpan(0, length).CopyTo(bigger);
        pool.Return(buffer);
        return bigger;
    }

    private static BodyReadResult Finish(byte[] buffer, int length, long? declaredLength, int max, ArrayPool<byte> pool)
    {
        FirehoseError? error = null;
        if (length > max)
        {
            error = declaredLength is null ? FirehoseErrors.BodyTooLarge : FirehoseErrors.BodyLongerThanContentLength;
        }
        else if (declaredLength is { } declared && length < declared)
        {
            error = FirehoseErrors.BodyShorterThanContentLength;
        }

        if (error is not null)
        {
            pool.Return(buffer);
            return new BodyReadResult(null, 0, error);
        }

        return new BodyReadResult(buffer, length, null);
    }
}
