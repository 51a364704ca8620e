using System.Text;
using FirehoseAuth.Protocol;

namespace FirehoseAuth.Tests.Protocol;

/// <summary>
/// The vectorized block decoder the fast path uses for record strings: 64 characters a block with AVX-512 VBMI, 32
/// with AVX2, and without either it decodes nothing (the runtime's decoder does the work); these tests check each.
/// CI runs the protocol tests once more for each instruction set switched off (<c>.ci/steps/15-fewer-vector-instructions.sh</c>).
/// </summary>
public sealed class Base64BlockDecoderTests
{
    private const string Alphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";

    [Fact]
    public void Every_byte_value_at_every_position_of_two_blocks_is_classified_as_the_alphabet_says()
    {
        var valid = Encoding.ASCII.GetBytes(string.Concat(Enumerable.Repeat(Alphabet, 2)));
        var destination = new byte[256];
        for (var position = 0; position < valid.Length; position++)
        {
            for (var value = 0; value < 256; value++)
            {
                var source = (byte[])valid.Clone();
                source[position] = (byte)value;
                var inAlphabet = Alphabet.Contains((char)value, StringComparison.Ordinal);
                var consumed = Base64BlockDecoder.Decode(source, destination, out var written);

                var expected = Base64BlockDecoder.BlockSize > 0 ? (inAlphabet ? source.Length : position / 4 * 4) : 0;
                Assert.True(expected == consumed, $"byte 0x{value:X2} at {position}: consumed {consumed}, expected {expected}");
                Assert.Equal(Convert.FromBase64String(Encoding.ASCII.GetString(source, 0, consumed)), destination[..written]);
            }
        }
    }

    [Theory]
    [InlineData((byte)'"')]
    [InlineData((byte)'=')]
    [InlineData((byte)'\\')]
    [InlineData((byte)' ')]
    [InlineData((byte)'\n')]
    [InlineData((byte)'-')]
    [InlineData((byte)'_')]
    [InlineData((byte)0)]
    [InlineData((byte)0xC3)]
    public void Stops_at_the_group_holding_the_first_byte_outside_the_alphabet_or_before_a_partial_block(byte stop)
    {
        var random = new Random(stop);
        var destination = new byte[4096];
        for (var length = 0; length < 600; length++)
        {
            var text = Encoding.ASCII.GetBytes(Convert.ToBase64String(RandomBytes(random, length)).TrimEnd('='));
            // After the stop byte: more base64, which must not be decoded.
            byte[] source = [.. text, stop, .. Enumerable.Range(0, random.Next(0, 100)).Select(_ => (byte)Alphabet[random.Next(64)])];

            var consumed = Base64BlockDecoder.Decode(source, destination, out var written);

            // Blocks from the start are decoded while whole; the one holding the stop byte only up to its group.
            var block = Base64BlockDecoder.BlockSize;
            var expected = block == 0 ? 0 : (text.Length / block * block) + block <= source.Length ? text.Length / 4 * 4 : source.Length / block * block;
            Assert.True(expected == consumed, $"length {text.Length} of {source.Length}: consumed {consumed}, expected {expected}");
            Assert.Equal(Convert.FromBase64String(Encoding.ASCII.GetString(source, 0, consumed)), destination[..written]);
        }
    }

    [Fact]
    public void Never_writes_past_the_destination()
    {
        var source = Encoding.ASCII.GetBytes(Convert.ToBase64String(RandomBytes(new Random(7), 3000)));
        for (var room = 0; room < 300; room++)
        {
            var buffer = new byte[room + 64];
            buffer.AsSpan(room).Fill(0xEE);

            var consumed = Base64BlockDecoder.Decode(source, buffer.AsSpan(0, room), out var written);

            Assert.All(buffer[room..], b => Assert.Equal(0xEE, b));
            Assert.Equal(consumed / 4 * 3, written);
            Assert.True(written <= room);
            Assert.Equal(Convert.FromBase64String(Encoding.ASCII.GetString(source, 0, consumed)), buffer[..written]);
        }
    }

    [Fact]
    public void A_padded_last_group_decodes_exactly_when_the_runtime_decoder_accepts_it()
    {
        byte[] characters = [.. Encoding.ASCII.GetBytes(Alphabet), (byte)'=', (byte)'"', (byte)' ', (byte)'-', 0, 0x80, 0xFF];
        var destination = new byte[2];
        var expected = new byte[3];
        foreach (var a in characters)
        {
            foreach (var b in characters)
            {
                foreach (var c in characters)
                {
                    byte[] group = [a, b, c, (byte)'='];
                    var status = System.Buffers.Text.Base64.DecodeFromUtf8(group, expected, out _, out var expectedLength);

                    var written = Base64BlockDecoder.DecodePaddedGroup(group, destination);

                    Assert.True((status == System.Buffers.OperationStatus.Done) == (written > 0), $"{Encoding.Latin1.GetString(group)}: runtime {status}, block decoder {written}");
                    Assert.Equal(expected[..expectedLength], destination[..written]);
                }
            }
        }
    }

    private static byte[] RandomBytes(Random random, int length)
    {
        var bytes = new byte[length];
        random.NextBytes(bytes);
        return bytes;
    }
}
