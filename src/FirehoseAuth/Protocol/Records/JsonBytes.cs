using System.Runtime.CompilerServices;

namespace FirehoseAuth.Protocol;

/// <summary>The byte-level checks that the record decoder and the fast paths above it share.</summary>
internal static class JsonBytes
{
    /// <summary>Gets how a record opens, up to its <c>data</c> string's opening quote, as Firehose sends it (no whitespace).</summary>
    public static ReadOnlySpan<byte> CompactRecordOpen => "{\"data\":\""u8;

    /// <summary>Whether <paramref name="json"/> has <paramref name="c"/> at <paramref name="i"/> (false past its end).</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static bool At(ReadOnlySpan<byte> json, int i, char c) => (uint)i < (uint)json.Length && json[i] == c;
}
