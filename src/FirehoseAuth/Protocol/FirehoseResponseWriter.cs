using System.Buffers;
using System.Text;

namespace FirehoseAuth.Protocol;

/// <summary>
/// Writes the response body Firehose expects: <c>{"requestId":"…","timestamp":ms}</c>, plus <c>"errorMessage"</c> on failure.
/// </summary>
/// <remarks>
/// <para>
/// The caller sets <c>Content-Type: application/json</c> (<see cref="ContentType"/>) and <c>Content-Length</c>
/// (<see cref="GetByteCount"/> returns it exactly, without writing), and no <c>Content-Encoding</c>.
/// </para>
/// <para>
/// Strings are JSON-escaped (<c>"</c>, <c>\</c> and control characters; other characters are written as UTF-8, an
/// unpaired surrogate as U+FFFD). The error message is cut to <see cref="FirehoseError.MaxMessageLength"/> characters
/// and the request id to <see cref="MaxRequestIdLength"/> characters (never inside a surrogate pair), so a body is at
/// most about 56 KiB, well under Firehose's 1 MiB.
/// </para>
/// </remarks>
public static class FirehoseResponseWriter
{
    /// <summary>The response content type.</summary>
    public const string ContentType = "application/json";

    /// <summary>The longest request id echoed, in characters (Firehose's are 36-character GUIDs).</summary>
    public const int MaxRequestIdLength = 1024;

    private static readonly SearchValues<char> PlainAscii = SearchValues.Create(
        " !#$%&'()*+,-./0123456789:;<=>?@ABCDEFGHIJKLMNOPQRSTUVWXYZ[]^_`abcdefghijklmnopqrstuvwxyz{|}~\u007f");

    /// <summary>Writes a response body to <paramref name="destination"/> without intermediate strings.</summary>
    /// <param name="destination">Where the UTF-8 JSON is written.</param>
    /// <param name="requestId">
    /// The request id to echo: the <c>X-Amz-Firehose-Request-Id</c> header's (Firehose matches answers by it, and it is
    /// known before the body is read), else, without that header, the body's once parsed; <see langword="null"/> writes
    /// an empty string.
    /// </param>
    /// <param name="timestamp">The response time.</param>
    /// <param name="errorMessage">The error message on failure (truncated to 8192 characters), or <see langword="null"/> on success.</param>
    /// <returns>The number of bytes written.</returns>
    public static int Write(IBufferWriter<byte> destination, string? requestId, DateTimeOffset timestamp, string? errorMessage = null)
    {
        ArgumentNullException.ThrowIfNull(destination);
        var byteCount = GetByteCount(requestId, timestamp, errorMessage);
        var span = destination.GetSpan(byteCount);
        var written = 0;
        Append(span, ref written, "{\"requestId\":\""u8);
        WriteEscaped(span, ref written, Truncate(requestId, MaxRequestIdLength));
        Append(span, ref written, "\",\"timestamp\":"u8);
        timestamp.ToUnixTimeMilliseconds().TryFormat(span[written..], out var digits, default, System.Globalization.CultureInfo.InvariantCulture);
        written += digits;
        if (errorMessage is not null)
        {
            Append(span, ref written, ",\"errorMessage\":\""u8);
            WriteEscaped(span, ref written, Truncate(errorMessage, FirehoseError.MaxMessageLength));
            Append(span, ref written, "\""u8);
        }

        Append(span, ref written, "}"u8);
        destination.Advance(written);
        return written;
    }

    /// <summary>Returns the exact number of bytes <see cref="Write"/> writes for the same arguments (for <c>Content-Length</c>).</summary>
    /// <param name="requestId">The request id to echo; <see langword="null"/> writes an empty string.</param>
    /// <param name="timestamp">The response time.</param>
    /// <param name="errorMessage">The error message on failure, or <see langword="null"/> on success.</param>
    /// <returns>The body's length in bytes.</returns>
    public static int GetByteCount(string? requestId, DateTimeOffset timestamp, string? errorMessage = null)
    {
        var count = "{\"requestId\":\"\",\"timestamp\":}".Length
            + EscapedLength(Truncate(requestId, MaxRequestIdLength))
            + DigitCount(timestamp.ToUnixTimeMilliseconds());
        if (errorMessage is not null)
        {
            count += ",\"errorMessage\":\"\"".Length + EscapedLength(Truncate(errorMessage, FirehoseError.MaxMessageLength));
        }

        return count;
    }

    private static ReadOnlySpan<char> Truncate(string? value, int maxLength)
    {
        if (value is null)
        {
            return [];
        }

        if (value.Length <= maxLength)
        {
            return value;
        }

        return char.IsHighSurrogate(value[maxLength - 1]) ? value.AsSpan(0, maxLength - 1) : value.AsSpan(0, maxLength);
    }

    private static int DigitCount(long value)
        => value < 0 ? (value == long.MinValue ? 20 : 1 + DigitCount(-value)) : (value < 10 ? 1 : 1 + DigitCount(value / 10));

    private static void Append(Span<byte> span, ref int written, ReadOnlySpan<byte> bytes)
    {
        bytes.CopyTo(span[written..]);
        written += bytes.Length;
    }

    private static int EscapedLength(ReadOnlySpan<char> value)
    {
        var length = 0;
        while (!value.IsEmpty)
        {
            var plain = value.IndexOfAnyExcept(PlainAscii);
            if (plain < 0)
            {
                return length + value.Length;
            }

            length += plain;
            value = value[plain..];
            length += EscapeOne(value, [], out var consumed);
            value = value[consumed..];
        }

        return length;
    }

    private static void WriteEscaped(Span<byte> span, ref int written, ReadOnlySpan<char> value)
    {
        while (!value.IsEmpty)
        {
            var plain = value.IndexOfAnyExcept(PlainAscii);
            var run = plain < 0 ? value : value[..plain];
            written += Encoding.ASCII.GetBytes(run, span[written..]);
            if (plain < 0)
            {
                return;
            }

            value = value[plain..];
            written += EscapeOne(value, span[written..], out var consumed);
            value = value[consumed..];
        }
    }

    /// <summary>Escapes or UTF-8-encodes the character (or surrogate pair) at the start of <paramref name="value"/>.</summary>
    /// <returns>The bytes it takes; they are written only when <paramref name="destination"/> is not empty.</returns>
    private static int EscapeOne(ReadOnlySpan<char> value, Span<byte> destination, out int consumed)
    {
        consumed = 1;
        var c = value[0];
        ReadOnlySpan<byte> escape = c switch
        {
            '"' => "\\\""u8,
            '\\' => "\\\\"u8,
            '\n' => "\\n"u8,
            '\r' => "\\r"u8,
            '\t' => "\\t"u8,
            '\b' => "\\b"u8,
            '\f' => "\\f"u8,
            _ => [],
        };
        if (!escape.IsEmpty)
        {
            if (!destination.IsEmpty)
            {
                escape.CopyTo(destination);
            }

            return escape.Length;
        }

        if (c < 0x20)
        {
            if (!destination.IsEmpty)
            {
                "\\u00"u8.CopyTo(destination);
                destination[4] = (byte)"0123456789abcdef"[c >> 4];
                destination[5] = (byte)"0123456789abcdef"[c & 0xF];
            }

            return 6;
        }

        if (Rune.DecodeFromUtf16(value, out var rune, out consumed) != OperationStatus.Done)
        {
            rune = Rune.ReplacementChar;
            consumed = 1;
        }

        return destination.IsEmpty ? rune.Utf8SequenceLength : rune.EncodeToUtf8(destination);
    }
}
