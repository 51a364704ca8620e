using FirehoseAuth.Authentication;
using FsCheck.Xunit;

namespace FirehoseAuth.Tests.Authentication;

public sealed class DigestComparerTests
{
    [Property(MaxTest = 500)]
    public bool Agrees_with_SequenceEqual_on_random_digests(byte[] seed, byte position, byte flip)
    {
        var left = System.Security.Cryptography.SHA256.HashData(seed);
        var right = (byte[])left.Clone();
        right[position % 32] ^= flip;
        return DigestComparer.Equal32(left, right) == (left.AsSpan().SequenceEqual(right) ? 1 : 0);
    }

    [Fact]
    public void Every_single_bit_difference_is_detected()
    {
        var left = new byte[32];
        for (var bit = 0; bit < 256; bit++)
        {
            var right = new byte[32];
            right[bit / 8] = (byte)(1 << (bit % 8));
            Assert.Equal(0, DigestComparer.Equal32(left, right));
        }

        Assert.Equal(1, DigestComparer.Equal32(left, new byte[32]));
    }

    [Fact]
    public void Spans_shorter_than_a_digest_are_a_programmer_error()
        => Assert.Throws<ArgumentOutOfRangeException>(() => DigestComparer.Equal32(new byte[31], new byte[32]));
}
