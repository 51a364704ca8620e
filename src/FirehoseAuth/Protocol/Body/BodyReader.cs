using System.Buffers;
using System.IO.Pipelines;
using System.Runtime.CompilerServices;

namespace FirehoseAuth.Protocol;

/// <summary>
/// Reads a whole body into one pooled array (<see cref="BodyBuffer"/>). Reads that complete synchronously are handled
/// without an async state machine; the first pending read continues in a pooled one, so no path allocates.
/// </summary>
/// <remarks>
/// With a declared length, a body that ends early or goes on past it is refused (400); without one, a body past
/// <c>maxLength</c> is refused (413). I/O errors and cancellation propagate as exceptions; the array is returned first.
/// </remarks>
internal static class BodyReader
{
    /// <summary>Reads <paramref name="body"/> to its end.</summary>
    /// <param name="body">The body.</param>
    /// <param name="declaredLength">The <c>Content-Length</c>, already checked against <paramref name="maxLength"/>.</param>
    /// <param name="maxLength">The largest body accepted.</param>
    /// <param name="gzip">Whether the body is gzip'd (room is rented after it for the gzip end marker, else for the decoded records).</param>
    /// <param name="pool">The pool.</param>
    /// <param name="cancellationToken">Cancels reading.</param>
    /// <returns>The body or the error.</returns>
    public static ValueTask<BodyReadResult> ReadAsync(Stream body, long? declaredLength, int maxLength, bool gzip, ArrayPool<byte> pool, CancellationToken cancellationToken)
    {
        var buffer = new BodyBuffer(declaredLength, maxLength, gzip, pool);
        try
        {
            while (!buffer.Overflowed)
            {
                var pending = body.ReadAsync(buffer.NextRead(), cancellationToken);
                if (!pending.IsCompletedSuccessfully)
                {
                    return ContinueAsync(body, pending, buffer, cancellationToken);
                }

                var read = pending.GetAwaiter().GetResult();
                if (read == 0)
                {
                    break;
                }

                buffer.Advance(read);
            }
        }
        catch
        {
            buffer.Release();
            throw;
        }

        return ValueTask.FromResult(buffer.Finish());
    }

    /// <summary>Reads <paramref name="body"/> to its end (the reader is advanced past what was read, not completed).</summary>
    /// <param name="body">The body.</param>
    /// <param name="declaredLength">The <c>Content-Length</c>, already checked against <paramref name="maxLength"/>.</param>
    /// <param name="maxLength">The largest body accepted.</param>
    /// <param name="gzip">Whether the body is gzip'd (room is rented after it for the gzip end marker, else for the decoded records).</param>
    /// <param name="pool">The pool.</param>
    /// <param name="cancellationToken">Cancels reading.</param>
    /// <returns>The body or the error.</returns>
    public static ValueTask<BodyReadResult> ReadAsync(PipeReader body, long? declaredLength, int maxLength, bool gzip, ArrayPool<byte> pool, CancellationToken cancellationToken)
        => ReadAsync(body, new BodyBuffer(declaredLength, maxLength, gzip, pool), cancellationToken);

    /// <summary>Reads the rest of <paramref name="body"/> after what <paramref name="buffer"/> already holds.</summary>
    /// <param name="body">The body.</param>
    /// <param name="buffer">The buffer (its array is returned to the pool on an exception).</param>
    /// <param name="cancellationToken">Cancels reading.</param>
    /// <returns>The body or the error.</returns>
    public static ValueTask<BodyReadResult> ReadAsync(PipeReader body, BodyBuffer buffer, CancellationToken cancellationToken)
    {
        try
        {
            while (true)
            {
                var pending = body.ReadAsync(cancellationToken);
                if (!pending.IsCompletedSuccessfully)
                {
                    return ContinueAsync(body, pending, buffer, cancellationToken);
                }

                if (Take(body, pending.GetAwaiter().GetResult(), ref buffer))
                {
                    break;
                }
            }
        }
        catch
        {
            buffer.Release();
            throw;
        }

        return ValueTask.FromResult(buffer.Finish());
    }

    [AsyncMethodBuilder(typeof(PoolingAsyncValueTaskMethodBuilder<>))]
    private static async ValueTask<BodyReadResult> ContinueAsync(Stream body, ValueTask<int> pending, BodyBuffer buffer, CancellationToken cancellationToken)
    {
        try
        {
            while (true)
            {
                var read = await pending.ConfigureAwait(false);
                if (read == 0)
                {
                    break;
                }

                buffer.Advance(read);
                if (buffer.Overflowed)
                {
                    break;
                }

                pending = body.ReadAsync(buffer.NextRead(), cancellationToken);
            }
        }
        catch
        {
            buffer.Release();
            throw;
        }

        return buffer.Finish();
    }

    [AsyncMethodBuilder(typeof(PoolingAsyncValueTaskMethodBuilder<>))]
    private static async ValueTask<BodyReadResult> ContinueAsync(PipeReader body, ValueTask<ReadResult> pending, BodyBuffer buffer, CancellationToken cancellationToken)
    {
        try
        {
            while (!Take(body, await pending.ConfigureAwait(false), ref buffer))
            {
                pending = body.ReadAsync(cancellationToken);
            }
        }
        catch
        {
            buffer.Release();
            throw;
        }

        return buffer.Finish();
    }

    /// <summary>
    /// Copies what <paramref name="result"/> holds (never more than wanted) and advances the pipe past it, everything
    /// examined; returns whether reading is over.
    /// </summary>
    public static bool Take(PipeReader body, ReadResult result, ref BodyBuffer buffer)
    {
        if (result.IsCanceled)
        {
            throw new OperationCanceledException("Reading the body was canceled.");
        }

        var sequence = result.Buffer;
        var taken = sequence.Slice(0, Math.Min(sequence.Length, buffer.Wanted));
        buffer.Append(taken);
        body.AdvanceTo(taken.End, sequence.End);
        return buffer.Overflowed || result.IsCompleted;
    }
}
