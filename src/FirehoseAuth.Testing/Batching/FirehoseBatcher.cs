using System.Runtime.CompilerServices;
using FirehoseAuth.Protocol;

namespace FirehoseAuth.Testing;

/// <summary>Groups a stream of records into deliveries the way Firehose's buffering hints do.</summary>
public static class FirehoseBatcher
{
    // Room for {"requestId":"<36>","timestamp":<13>,"records":[…]} around the records.
    private const long EnvelopeBytes = 128;

    /// <summary>
    /// Reads <paramref name="records"/> and yields a batch when the buffered record bytes reach the size hint, when
    /// one more record would break a delivery's limits (10,000 records, a 64 MiB body), when the oldest buffered record
    /// has waited the interval (measured by <paramref name="timeProvider"/>, also while the source is idle), and at
    /// the end of the stream.
    /// </summary>
    /// <param name="records">The records, for example from <see cref="FirehoseRecords.FromLinesAsync"/>.</param>
    /// <param name="hints">The buffering hints.</param>
    /// <param name="timeProvider">The clock for the interval; <see cref="TimeProvider.System"/> when <see langword="null"/>.</param>
    /// <param name="cancellationToken">Stops reading.</param>
    /// <returns>The batches, each with 1 to 10,000 records.</returns>
    /// <exception cref="ArgumentException">A record is larger than Firehose's 1,024,000-byte limit.</exception>
    public static async IAsyncEnumerable<IReadOnlyList<ReadOnlyMemory<byte>>> BatchAsync(
        IAsyncEnumerable<ReadOnlyMemory<byte>> records,
        FirehoseBufferingHints hints,
        TimeProvider? timeProvider = null,
        [EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(records);
        ArgumentNullException.ThrowIfNull(hints);
        hints.Validate();
        var clock = timeProvider ?? TimeProvider.System;

        var batch = new List<ReadOnlyMemory<byte>>();
        long recordBytes = 0, bodyBytes = EnvelopeBytes;
        DateTimeOffset oldest = default;
        var enumerator = records.GetAsyncEnumerator(cancellationToken);
        await using (enumerator.ConfigureAwait(false))
        {
            Task<bool>? next = null;
            while (true)
            {
                next ??= enumerator.MoveNextAsync().AsTask();
                if (batch.Count > 0 && !next.IsCompleted)
                {
                    var remaining = oldest + hints.Interval - clock.GetUtcNow();
                    if (remaining > TimeSpan.Zero)
                    {
                        using var stopWaiting = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
                        var timer = Task.Delay(remaining, clock, stopWaiting.Token);
                        await Task.WhenAny(next, timer).ConfigureAwait(false);
                        await stopWaiting.CancelAsync().ConfigureAwait(false);
                    }

                    if (!next.IsCompleted)
                    {
                        yield return batch;
                        batch = [];
                        recordBytes = 0;
                        bodyBytes = EnvelopeBytes;
                        continue;
                    }
                }

                if (!await next.ConfigureAwait(false))
                {
                    break;
                }

                next = null;
                var record = enumerator.Current;
                if (record.Length > FirehoseParserOptions.FirehoseMaxRecordSize)
                {
                    throw new ArgumentException($"A record of {record.Length} bytes is larger than Firehose's limit of {FirehoseParserOptions.FirehoseMaxRecordSize} bytes.", nameof(records));
                }

                var size = FirehoseJson.RecordLength(record.Length) + 1;
                if (batch.Count > 0 && (batch.Count == FirehoseParserOptions.FirehoseMaxRecordCount || bodyBytes + size > FirehoseParserOptions.FirehoseMaxBodySize))
                {
                    yield return batch;
                    batch = [];
                    recordBytes = 0;
                    bodyBytes = EnvelopeBytes;
                }

                if (batch.Count == 0)
                {
                    oldest = clock.GetUtcNow();
                }

                batch.Add(record);
                recordBytes += record.Length;
                bodyBytes += size;
                if (recordBytes >= hints.SizeInBytes || hints.Interval == TimeSpan.Zero)
                {
                    yield return batch;
                    batch = [];
                    recordBytes = 0;
                    bodyBytes = EnvelopeBytes;
                }
            }
        }

        if (batch.Count > 0)
        {
            yield return batch;
        }
    }
}
