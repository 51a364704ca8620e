using System.Numerics;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;
using System.Runtime.Intrinsics.X86;

namespace FirehoseAuth.Protocol;

/// <summary>
/// Decodes base64 a block at a time (64 characters with AVX-512 VBMI, else 32 with AVX2; the same translate-and-pack
/// steps as the runtime's own decoder) and stops at the first character outside the alphabet, reporting where it is.
/// The runtime's <see cref="System.Buffers.Text.Base64.DecodeFromUtf8(ReadOnlySpan{byte}, Span{byte}, out int, out int, bool)"/>
/// also stops there, but its exit for invalid data (which looks for whitespace to skip) costs about 33 ns, as much as
/// decoding 800 characters; here the closing quote of a JSON string costs nothing extra, so a string is decoded in
/// the pass that finds its end.
/// </summary>
internal static class Base64BlockDecoder
{
    private const string Alphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";

    /// <summary>Maps ASCII 0–63 to the character's 6-bit value, or 0x80 for a byte outside the alphabet.</summary>
    private static readonly Vector512<sbyte> LookupLow = Lookup(0);

    /// <summary>Maps ASCII 64–127 likewise.</summary>
    private static readonly Vector512<sbyte> LookupHigh = Lookup(64);

    /// <summary>Picks bytes 2, 1, 0 of each 32-bit lane (holding 24 decoded bits, little-endian) into 48 output bytes.</summary>
    private static readonly Vector512<byte> PackLanes = Pack();

    /// <summary>Maps ASCII to the character's 6-bit value, or -1 for a byte outside the alphabet.</summary>
    private static readonly sbyte[] Values = [.. Enumerable.Range(0, 128).Select(c => (sbyte)Alphabet.IndexOf((char)c, StringComparison.Ordinal))];

    /// <summary>Gets the characters in a block on this machine: 64 (AVX-512 VBMI), 32 (AVX2), or 0 when <see cref="Decode"/> decodes nothing.</summary>
    public static int BlockSize => Avx512Vbmi.IsSupported ? 64 : Avx2.IsSupported ? 32 : 0;

    /// <summary>
    /// Decodes whole groups of 4 characters from the start of <paramref name="source"/> until the group holding the
    /// first byte outside the base64 alphabet (padding <c>=</c>, a quote, whitespace …), or until less than a block of
    /// characters or of room remains.
    /// </summary>
    /// <param name="source">The base64 text, and whatever follows it.</param>
    /// <param name="destination">Where the bytes go; up to a block past <paramref name="written"/> may be written over.</param>
    /// <param name="written">The bytes decoded (3 per group).</param>
    /// <returns>The characters decoded (4 per group), up to the group holding the first invalid byte or to where too few characters or too little room remained.</returns>
    public static int Decode(ReadOnlySpan<byte> source, Span<byte> destination, out int written)
    {
        if (Avx512Vbmi.IsSupported)
        {
            return Decode512(source, destination, out written);
        }

        if (Avx2.IsSupported)
        {
            return Decode256(source, destination, out written);
        }

        written = 0;
        return 0;
    }

    private static int Decode512(ReadOnlySpan<byte> source, Span<byte> destination, out int written)
    {
        var blocks = Math.Min(source.Length / 64, (destination.Length / 48) - 1);
        if (blocks <= 0)
        {
            written = 0;
            return 0;
        }

        var lookupLow = LookupLow;
        var lookupHigh = LookupHigh;
        var pack = PackLanes;
        var mergePairs = Vector512.Create(0x01400140).AsSByte();
        var mergeQuads = Vector512.Create(0x00011000).AsInt16();
        ref var sourceStart = ref MemoryMarshal.GetReference(source);
        ref var destinationStart = ref MemoryMarshal.GetReference(destination);
        ref var input = ref sourceStart;
        ref var output = ref destinationStart;
        ref var lastBlock = ref Unsafe.Add(ref sourceStart, (blocks - 1) * 64);
        while (true)
        {
            var text = Vector512.LoadUnsafe(ref input).AsSByte();
            var values = Avx512Vbmi.PermuteVar64x8x2(lookupLow, text, lookupHigh);

            // A byte is outside the alphabet when it is not ASCII or its value has the high bit (0x80) set.
            var invalid = (values | text).ExtractMostSignificantBits();

            // [00aaaaaa 00bbbbbb 00cccccc 00dddddd] → [aaaaaabb bbbbcccc ccdddddd] in each 32-bit lane, then packed.
            var pairs = Avx512BW.MultiplyAddAdjacent(values.AsByte(), mergePairs);
            var quads = Avx512BW.MultiplyAddAdjacent(pairs, mergeQuads);
            Avx512Vbmi.PermuteVar64x8(quads.AsByte(), pack).StoreUnsafe(ref output);
            if (invalid != 0)
            {
                // The groups before the one holding the first invalid byte were decoded correctly.
                var groups = BitOperations.TrailingZeroCount(invalid) / 4;
                input = ref Unsafe.Add(ref input, groups * 4);
                output = ref Unsafe.Add(ref output, groups * 3);
                break;
            }

            var more = Unsafe.IsAddressLessThan(ref input, ref lastBlock);
            input = ref Unsafe.Add(ref input, 64);
            output = ref Unsafe.Add(ref output, 48);
            if (!more)
            {
                break;
            }
        }

        written = (int)Unsafe.ByteOffset(ref destinationStart, ref output);
        return (int)Unsafe.ByteOffset(ref sourceStart, ref input);
    }

    /// <summary>The AVX2 form (as in the runtime, after aklomp/base64): nibble lookups classify each byte, a shift table maps it to its value.</summary>
    private static int Decode256(ReadOnlySpan<byte> source, Span<byte> destination, out int written)
    {
        var blocks = Math.Min(source.Length / 32, (destination.Length / 24) - 1);
        if (blocks <= 0)
        {
            written = 0;
            return 0;
        }

        // Per 16-byte lane: flags by low nibble and by high nibble (a byte is in the alphabet when they share no bit),
        // and the offset from the character to its value by high nibble ('/' apart).
        var lowNibbleFlags = Vector256.Create((sbyte)0x15, 0x11, 0x11, 0x11, 0x11, 0x11, 0x11, 0x11, 0x11, 0x11, 0x13, 0x1A, 0x1B, 0x1B, 0x1B, 0x1A, 0x15, 0x11, 0x11, 0x11, 0x11, 0x11, 0x11, 0x11, 0x11, 0x11, 0x13, 0x1A, 0x1B, 0x1B, 0x1B, 0x1A);
        var highNibbleFlags = Vector256.Create((sbyte)0x10, 0x10, 0x01, 0x02, 0x04, 0x08, 0x04, 0x08, 0x10, 0x10, 0x10, 0x10, 0x10, 0x10, 0x10, 0x10, 0x10, 0x10, 0x01, 0x02, 0x04, 0x08, 0x04, 0x08, 0x10, 0x10, 0x10, 0x10, 0x10, 0x10, 0x10, 0x10);
        var shifts = Vector256.Create((sbyte)0, 16, 19, 4, -65, -65, -71, -71, 0, 0, 0, 0, 0, 0, 0, 0, 0, 16, 19, 4, -65, -65, -71, -71, 0, 0, 0, 0, 0, 0, 0, 0);
        var packInLane = Vector256.Create((sbyte)2, 1, 0, 6, 5, 4, 10, 9, 8, 14, 13, 12, -1, -1, -1, -1, 2, 1, 0, 6, 5, 4, 10, 9, 8, 14, 13, 12, -1, -1, -1, -1);
        var packLanes = Vector256.Create(0, 1, 2, 4, 5, 6, -1, -1);
        // 0x2F: '/', which the shift table cannot tell from '+', and also the nibble mask (pshufb reads the low 4 bits).
        var slash = Vector256.Create((sbyte)'/');
        var mergePairs = Vector256.Create(0x01400140).AsSByte();
        var mergeQuads = Vector256.Create(0x00011000).AsInt16();
        ref var sourceStart = ref MemoryMarshal.GetReference(source);
        ref var destinationStart = ref MemoryMarshal.GetReference(destination);
        ref var input = ref sourceStart;
        ref var output = ref destinationStart;
        ref var lastBlock = ref Unsafe.Add(ref sourceStart, (blocks - 1) * 32);
        while (true)
        {
            var text = Vector256.LoadUnsafe(ref input).AsSByte();
            var highNibbles = Avx2.ShiftRightLogical(text.AsInt32(), 4).AsSByte() & slash;
            var flags = Avx2.Shuffle(lowNibbleFlags, text & slash) & Avx2.Shuffle(highNibbleFlags, highNibbles);
            var invalid = ~Vector256.Equals(flags, Vector256<sbyte>.Zero).ExtractMostSignificantBits();
            var values = text + Avx2.Shuffle(shifts, Avx2.CompareEqual(text, slash) + highNibbles);
            var pairs = Avx2.MultiplyAddAdjacent(values.AsByte(), mergePairs);
            var quads = Avx2.MultiplyAddAdjacent(pairs, mergeQuads);
            Avx2.PermuteVar8x32(Avx2.Shuffle(quads.AsSByte(), packInLane).AsInt32(), packLanes).AsByte().StoreUnsafe(ref output);
            if (invalid != 0)
            {
                var groups = BitOperations.TrailingZeroCount(invalid) / 4;
                input = ref Unsafe.Add(ref input, groups * 4);
                output = ref Unsafe.Add(ref output, groups * 3);
                break;
            }

            var more = Unsafe.IsAddressLessThan(ref input, ref lastBlock);
            input = ref Unsafe.Add(ref input, 32);
            output = ref Unsafe.Add(ref output, 24);
            if (!more)
            {
                break;
            }
        }

        written = (int)Unsafe.ByteOffset(ref destinationStart, ref output);
        return (int)Unsafe.ByteOffset(ref sourceStart, ref input);
    }

    /// <summary>
    /// Decodes a padded last group (<c>xx==</c> or <c>xxx=</c>) as the runtime's decoder does: the bits the padding
    /// leaves over must be zero.
    /// </summary>
    /// <param name="group">At least the 4 characters of the group.</param>
    /// <param name="destination">Where its 1 or 2 bytes go (at least 2 bytes of room).</param>
    /// <returns>The bytes written, or 0 when the group is not a canonical padded group.</returns>
    public static int DecodePaddedGroup(ReadOnlySpan<byte> group, Span<byte> destination)
    {
        if (group.Length < 4 || destination.Length < 2 || group[3] != '=')
        {
            return 0;
        }

        int a = Value(group[0]), b = Value(group[1]);
        if (group[2] == '=')
        {
            if ((a | b) < 0 || (b & 0x0F) != 0)
            {
                return 0;
            }

            destination[0] = (byte)((a << 2) | (b >> 4));
            return 1;
        }

        var c = Value(group[2]);
        if ((a | b | c) < 0 || (c & 0x03) != 0)
        {
            return 0;
        }

        destination[1] = (byte)((b << 4) | (c >> 2));
        destination[0] = (byte)((a << 2) | (b >> 4));
        return 2;
    }

    private static int Value(byte character) => character < Values.Length ? Values[character] : -1;

    private static Vector512<sbyte> Lookup(int first)
    {
        Span<sbyte> table = stackalloc sbyte[64];
        for (var i = 0; i < table.Length; i++)
        {
            var index = Alphabet.IndexOf((char)(first + i), StringComparison.Ordinal);
            table[i] = index < 0 ? sbyte.MinValue : (sbyte)index;
        }

        return Vector512.Create<sbyte>(table);
    }

    private static Vector512<byte> Pack()
    {
        Span<byte> control = stackalloc byte[64];
        for (var lane = 0; lane < 16; lane++)
        {
            control[3 * lane] = (byte)((4 * lane) + 2);
            control[(3 * lane) + 1] = (byte)((4 * lane) + 1);
            control[(3 * lane) + 2] = (byte)(4 * lane);
        }

        return Vector512.Create<byte>(control);
    }
}
