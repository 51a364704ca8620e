using System.Diagnostics;
using System.Reflection;
using System.Text;
using FirehoseAuth.Authentication;

namespace FirehoseAuth.Tests.Authentication;

public sealed class AccessKeySetTests
{
    private const string Marker = "Tr0ub4dor";
    private static readonly DateTimeOffset Until = new(2030, 1, 1, 0, 0, 0, TimeSpan.Zero);

    [Fact]
    public void ToString_and_debugger_display_never_show_a_key()
    {
        var set = new AccessKeySet(Marker + "-current", Marker + "-previous", Until) { Version = "v-42" };
        var text = set.ToString();

        Assert.DoesNotContain(Marker, text, StringComparison.OrdinalIgnoreCase);
        Assert.Contains("v-42", text, StringComparison.Ordinal);
        Assert.Contains("2030-01-01T00:00:00.0000000+00:00", text, StringComparison.Ordinal);
        Assert.Equal("{ToString(),nq}", typeof(AccessKeySet).GetCustomAttribute<DebuggerDisplayAttribute>()!.Value);
    }

    [Fact]
    public void Holds_no_field_that_contains_a_key_in_any_form()
    {
        const string Key = Marker + "-current-key";
        var set = new AccessKeySet(Key, Key + "-old", Until);
        var keyBytes = Encoding.UTF8.GetBytes(Key);

        foreach (var field in typeof(AccessKeySet).GetFields(BindingFlags.Instance | BindingFlags.NonPublic | BindingFlags.Public))
        {
            var value = field.GetValue(set);
            Assert.False(value is string s && s.Contains(Marker, StringComparison.Ordinal), field.Name);
            Assert.False(value is byte[] b && b.AsSpan().IndexOf(keyBytes.AsSpan(0, 8)) >= 0, field.Name);
        }
    }

    [Fact]
    public void Without_a_previous_key_it_reports_none()
    {
        var set = new AccessKeySet("only-key");

        Assert.False(set.HasPreviousKey);
        Assert.Null(set.PreviousValidUntil);
        Assert.Equal(long.MinValue, set.PreviousValidUntilUtcTicks);
    }

    [Fact]
    public void With_a_previous_key_it_reports_its_expiry()
    {
        var set = new AccessKeySet("new-key", "old-key", Until);

        Assert.True(set.HasPreviousKey);
        Assert.Equal(Until, set.PreviousValidUntil);
        Assert.Equal(Until.UtcTicks, set.PreviousValidUntilUtcTicks);
    }

    [Fact]
    public void Two_key_sets_without_a_previous_key_have_different_unmatchable_placeholders()
    {
        var a = new AccessKeySet("same");
        var b = new AccessKeySet("same");

        Assert.True(a.CurrentDigest.SequenceEqual(b.CurrentDigest));
        Assert.False(a.PreviousDigest.SequenceEqual(b.PreviousDigest));
        Assert.Equal(AccessKeyDigest.Size, a.PreviousDigest.Length);
    }

    // Built in code and enumerated at run time: attribute strings (and serialized theory data) are UTF-8, which would
    // turn an unpaired surrogate into U+FFFD.
    public static TheoryData<string, string> UnusableKeys => new()
    {
        { "", "is empty" },
        { "   ", "is only whitespace" },
        { "\u2003\u00A0", "is only whitespace" },
        { " " + Marker, "starts or ends with a space or tab" },
        { Marker + "\t", "starts or ends with a space or tab" },
        { Marker + "\n", "control character" },
        { Marker + "\r\nX", "control character" },
        { Marker + "\0", "control character" },
        { Marker + "\uD800", "unpaired surrogate" },
        { "\uDC00" + Marker, "unpaired surrogate" },
        { Marker + "\uDC00\uD800x", "unpaired surrogate" },
    };

    [Theory]
    [MemberData(nameof(UnusableKeys), DisableDiscoveryEnumeration = true)]
    public void Keys_no_delivery_could_present_are_rejected_without_echoing_them(string key, string reason)
    {
        var current = Assert.Throws<ArgumentException>("currentKey", () => new AccessKeySet(key));
        var previous = Assert.Throws<ArgumentException>("previousKey", () => new AccessKeySet("fine", key, Until));

        foreach (var message in new[] { current.Message, previous.Message })
        {
            Assert.Contains(reason, message, StringComparison.Ordinal);
            Assert.DoesNotContain(Marker, message, StringComparison.OrdinalIgnoreCase);
        }
    }

    [Fact]
    public void Tab_inside_a_key_is_allowed_because_a_header_value_may_contain_it()
        => Assert.Equal(AccessKeyDigest.Size, new AccessKeySet("left\tright").CurrentDigest.Length);

    [Theory]
    [InlineData("a", 4097)]
    [InlineData("é", 2049)]
    [InlineData("€", 1366)]
    public void Keys_over_4096_utf8_bytes_are_rejected_with_their_length_only(string unit, int count)
    {
        var key = Marker + string.Concat(Enumerable.Repeat(unit, count));

        var error = Assert.Throws<ArgumentException>("currentKey", () => new AccessKeySet(key));

        Assert.Contains($"is {Encoding.UTF8.GetByteCount(key)} UTF-8 bytes long; Firehose sends at most 4096", error.Message, StringComparison.Ordinal);
        Assert.DoesNotContain(Marker, error.Message, StringComparison.OrdinalIgnoreCase);
        Assert.DoesNotContain(unit + unit + unit, error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Key_of_exactly_4096_utf8_bytes_is_accepted()
        => Assert.Equal(AccessKeyDigest.Size, new AccessKeySet(new string('€', 1365) + "a").CurrentDigest.Length);

    [Fact]
    public void Previous_key_without_expiry_is_rejected()
    {
        var error = Assert.Throws<ArgumentException>("previousValidUntil", () => new AccessKeySet("new", Marker, null));
        Assert.DoesNotContain(Marker, error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Expiry_without_previous_key_is_rejected()
        => Assert.Throws<ArgumentException>("previousValidUntil", () => new AccessKeySet("new", null, Until));

    [Fact]
    public void Null_current_key_is_rejected()
        => Assert.Throws<ArgumentNullException>("currentKey", () => new AccessKeySet(null!));

    [Fact]
    public void Digest_is_sha256_of_the_utf8_bytes()
    {
        var set = new AccessKeySet("clé");
        Assert.Equal(System.Security.Cryptography.SHA256.HashData("cl\u00e9"u8), set.CurrentDigest.ToArray());
    }
}
