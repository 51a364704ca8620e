using System.Buffers;
using System.Text.Encodings.Web;
using System.Text.Json;
using System.Text.Unicode;
using FirehoseAuth.Protocol;

namespace FirehoseReceiver;

/// <summary>
/// Writes one NDJSON line per record — <c>{"stream"?,"requestId","timestamp","index","data"}</c> (<c>stream</c> for a named stream only), with <c>"dataBase64"</c>
/// instead of <c>"data"</c> when the record is not valid UTF-8 — and flushes before returning, so a 200 means the
/// lines are written.
/// </summary>
internal sealed class NdjsonRecordWriter : IAsyncDisposable
{
    private const int ChunkSize = 64 * 1024;

    private readonly Stream _output;
    private readonly ArrayBufferWriter<byte> _buffer = new(ChunkSize * 2);
    private readonly Utf8JsonWriter _json;
    private readonly SemaphoreSlim _gate = new(1, 1);

    public NdjsonRecordWriter(Stream output)
    {
        _output = output;
        // Records are shown as text: non-ASCII stays readable (the output is a terminal or a file, never HTML).
        _json = new Utf8JsonWriter(_buffer, new JsonWriterOptions { Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping });
    }

    public async ValueTask WriteAsync(FirehoseDelivery delivery, string? stream, CancellationToken cancellationToken)
    {
        // Deliveries may arrive concurrently; their lines must not interleave.
        await _gate.WaitAsync(cancellationToken);
        try
        {
            var index = 0;
            foreach (var record in delivery.Records)
            {
                WriteLine(delivery, stream, index++, record.Span);
                if (_buffer.WrittenCount >= ChunkSize)
                {
                    await WriteBufferAsync(cancellationToken);
                }
            }

            await WriteBufferAsync(cancellationToken);
            await _output.FlushAsync(cancellationToken);
        }
        finally
        {
            _buffer.ResetWrittenCount();
            _gate.Release();
        }
    }

    private void WriteLine(FirehoseDelivery delivery, string? stream, int index, ReadOnlySpan<byte> data)
    {
        _json.Reset();
        _json.WriteStartObject();
        if (stream is not null)
        {
            _json.WriteString("stream"u8, stream);
        }

        _json.WriteString("requestId"u8, delivery.RequestId);
        _json.WriteNumber("timestamp"u8, delivery.TimestampMilliseconds);
        _json.WriteNumber("index"u8, index);
        if (Utf8.IsValid(data))
        {
            _json.WriteString("data"u8, data);
        }
        else
        {
            _json.WriteBase64String("dataBase64"u8, data);
        }

        _json.WriteEndObject();
        _json.Flush();
        _buffer.Write("\n"u8);
    }

    private async ValueTask WriteBufferAsync(CancellationToken cancellationToken)
    {
        await _output.WriteAsync(_buffer.WrittenMemory, cancellationToken);
        _buffer.ResetWrittenCount();
    }

    public async ValueTask DisposeAsync()
    {
        await _json.DisposeAsync();
        _gate.Dispose();
    }
}
