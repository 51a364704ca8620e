using System.Buffers;
using System.Numerics;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;

namespace FirehoseReceiver;

/// <summary>
/// Escapes valid UTF-8 as the contents of a JSON string: finds the next byte that must be escaped with a vectorized
/// search and copies the run before it. Where 256-bit vectors are accelerated, 32 bytes are loaded, stored whole and
/// the position advanced to the first byte that needs escaping (text full of <c>"</c>, such as JSON log lines, costs
/// one compare and one store per escape instead of a search call and a copy); the rest goes through
/// <see cref="MemoryExtensions.IndexOfAny{T}(ReadOnlySpan{T}, SearchValues{T})"/>. Only <c>"</c>, <c>\</c> and the controls below U+0020 are escaped (JSON's
/// minimum); every other character, U+2028/U+2029 and U+007F included, is copied as it is, so a parser reads back
/// exactly the source text (the same value <see cref="System.Text.Json.Utf8JsonWriter"/> writes with
/// <see cref="System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping"/>, which escapes a few more).
/// The output is NDJSON for parsers, not script: U+2028/U+2029 are legal in JSON strings and end no line in NDJSON.
/// </summary>
/// <remarks>The caller validates UTF-8 first (invalid UTF-8 is written as base64 instead): bytes are not decoded here.</remarks>
internal static class JsonStringEscaper
{
    /// <summary>The most bytes one source byte can become (<c>\u001F</c>).</summary>
    public const int MaxExpansion = 6;

    private static readonly SearchValues<byte> NeedsEscaping = SearchValues.Create(
        "\0\u0001\u0002\u0003\u0004\u0005\u0006\u0007\b\t\n\u000B\f\r\u000E\u000F\u0010\u0011\u0012\u0013\u0014\u0015\u0016\u0017\u0018\u0019\u001A\u001B\u001C\u001D\u001E\u001F\"\\"u8);

    private static ReadOnlySpan<byte> Hex => "0123456789ABCDEF"u8;

    /// <summary>Per byte, the letter of its two-character escape (<c>\n</c>, <c>\"</c> …), 0 for <c>\u00XX</c> or none.</summary>
    private static ReadOnlySpan<byte> ShortForms =>
    [
        0, 0, 0, 0, 0, 0, 0, 0, (byte)'b', (byte)'t', (byte)'n', 0, (byte)'f', (byte)'r', 0, 0,
        0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0,
        0, 0, (byte)'"', 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0,
        0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0,
        0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0,
        0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, (byte)'\\', 0, 0, 0,
        0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0,
        0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0,
        0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0,
        0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0,
        0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0,
        0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0,
        0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0,
        0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0,
        0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0,
        0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0,
    ];

    /// <summary>
    /// Escapes as much of <paramref name="source"/> as fits into <paramref name="destination"/>. An escape sequence is
    /// never split: when it does not fit, it is left for the next call.
    /// </summary>
    /// <returns><see cref="OperationStatus.Done"/> when all of <paramref name="source"/> was consumed, otherwise
    /// <see cref="OperationStatus.DestinationTooSmall"/>.</returns>
    public static OperationStatus Escape(ReadOnlySpan<byte> source, Span<byte> destination, out int consumed, out int written)
    {
        consumed = 0;
        written = 0;
        if (Vector256.IsHardwareAccelerated)
        {
            EscapeVectorized(source, destination, ref consumed, ref written);
        }

        while (true)
        {
            var rest = source[consumed..];
            var next = rest.IndexOfAny(NeedsEscaping);
            var run = next < 0 ? rest.Length : next;
            var room = destination.Length - written;
            if (run > room)
            {
                rest[..room].CopyTo(destination[written..]);
                consumed += room;
                written += room;
                return OperationStatus.DestinationTooSmall;
            }

            rest[..run].CopyTo(destination[written..]);
            consumed += run;
            written += run;
            if (next < 0)
            {
                return OperationStatus.Done;
            }

            // Escape this byte and any that follow it directly (quoted JSON is full of "\"" next to "\\").
            do
            {
                var length = WriteEscape(source[consumed], destination[written..]);
                if (length == 0)
                {
                    return OperationStatus.DestinationTooSmall;
                }

                consumed++;
                written += length;
            }
            while (consumed < source.Length && NeedsEscaping.Contains(source[consumed]));
        }
    }

    /// <summary>Escapes while 32 bytes can be loaded from the source and stored into the destination.</summary>
    private static void EscapeVectorized(ReadOnlySpan<byte> source, Span<byte> destination, ref int consumed, ref int written)
    {
        ref var from = ref MemoryMarshal.GetReference(source);
        ref var to = ref MemoryMarshal.GetReference(destination);
        var quote = Vector256.Create((byte)'"');
        var backslash = Vector256.Create((byte)'\\');
        var lastControl = Vector256.Create((byte)0x1F);
        while (source.Length - consumed >= Vector256<byte>.Count && destination.Length - written >= Vector256<byte>.Count + MaxExpansion)
        {
            var block = Vector256.LoadUnsafe(ref from, (nuint)consumed);
            block.StoreUnsafe(ref to, (nuint)written);
            var escape = Vector256.Equals(block, quote) | Vector256.Equals(block, backslash) | Vector256.Equals(Vector256.Min(block, lastControl), block);
            var mask = escape.ExtractMostSignificantBits();
            if (mask == 0)
            {
                consumed += Vector256<byte>.Count;
                written += Vector256<byte>.Count;
                continue;
            }

            var run = BitOperations.TrailingZeroCount(mask);
            consumed += run;
            written += run;
            var value = Unsafe.Add(ref from, consumed++);
            var shortForm = ShortForms[value];
            Unsafe.Add(ref to, written) = (byte)'\\';
            if (shortForm != 0)
            {
                Unsafe.Add(ref to, written + 1) = shortForm;
                written += 2;
            }
            else
            {
                Unsafe.Add(ref to, written + 1) = (byte)'u';
                Unsafe.Add(ref to, written + 2) = (byte)'0';
                Unsafe.Add(ref to, written + 3) = (byte)'0';
                Unsafe.Add(ref to, written + 4) = Hex[value >> 4];
                Unsafe.Add(ref to, written + 5) = Hex[value & 0xF];
                written += 6;
            }
        }
    }

    /// <summary>Escapes all of <paramref name="source"/>; <paramref name="destination"/> must hold
    /// <see cref="MaxExpansion"/> bytes per source byte.</summary>
    /// <returns>The bytes written.</returns>
    public static int EscapeAll(ReadOnlySpan<byte> source, Span<byte> destination)
    {
        if (Escape(source, destination, out _, out var written) != OperationStatus.Done)
        {
            throw new ArgumentException("The destination is too small.", nameof(destination));
        }

        return written;
    }

    private static int WriteEscape(byte value, Span<byte> destination)
    {
        var shortForm = ShortForms[value];
        if (shortForm != 0)
        {
            if (destination.Length < 2)
            {
                return 0;
            }

            destination[0] = (byte)'\\';
            destination[1] = shortForm;
            return 2;
        }

        if (destination.Length < 6)
        {
            return 0;
        }

        "\\u00"u8.CopyTo(destination);
        destination[4] = Hex[value >> 4];
        destination[5] = Hex[value & 0xF];
        return 6;
    }
}
