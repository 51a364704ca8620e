using System.Text;
using FirehoseAuth.Authentication;
using FsCheck;
using FsCheck.Xunit;
using Microsoft.Extensions.Time.Testing;

namespace FirehoseAuth.Tests.Authentication;

public sealed class AccessKeyValidatorPropertyTests
{
    private static readonly DateTimeOffset Now = new(2030, 1, 1, 0, 0, 0, TimeSpan.Zero);

    private static readonly AccessKeyValidator Validator = new(
        new StaticAccessKeySetProvider(new AccessKeySet("the-current-key", "the-previous-key", Now.AddMinutes(5))),
        new FakeTimeProvider(Now));

    [Property(MaxTest = 500)]
    public void String_and_char_entry_points_agree_on_any_string(UnicodeString presented)
        => Assert.Equal(Validator.Validate(presented.Get), Validator.Validate(presented.Get.AsSpan()));

    [Property(MaxTest = 500)]
    public void Utf8_entry_point_agrees_with_the_string_one_on_any_well_formed_string(UnicodeString presented)
    {
        var text = presented.Get ?? "";
        if (!IsWellFormed(text))
        {
            // Only well-formed text has one UTF-8 form; malformed text is covered by the example tests.
            Assert.NotEqual(AccessKeyValidationResult.ValidCurrent, Validator.Validate(text));
            return;
        }

        Assert.Equal(Validator.Validate(text), Validator.ValidateUtf8(Encoding.UTF8.GetBytes(text)));
    }

    [Property(MaxTest = 300)]
    public void Any_usable_key_is_accepted_by_all_entry_points_and_any_extension_of_it_is_not(UnicodeString candidate, PositiveInt extra)
    {
        var key = Usable(candidate.Get);
        if (key is null)
        {
            return;
        }

        var validator = new AccessKeyValidator(new StaticAccessKeySetProvider(new AccessKeySet(key)), TimeProvider.System);
        var longer = key + new string('x', extra.Get % 8 + 1);
        var shorter = key.Length > 1 && !char.IsLowSurrogate(key[^1]) ? key[..^1] : null;

        Assert.Equal(AccessKeyValidationResult.ValidCurrent, validator.Validate(key));
        Assert.Equal(AccessKeyValidationResult.ValidCurrent, validator.Validate(key.AsSpan()));
        Assert.Equal(AccessKeyValidationResult.ValidCurrent, validator.ValidateUtf8(Encoding.UTF8.GetBytes(key)));
        Assert.Equal(AccessKeyValidationResult.Invalid, validator.Validate(longer));
        if (shorter is not null && shorter.Trim(' ', '\t').Length > 0)
        {
            Assert.Equal(AccessKeyValidationResult.Invalid, validator.Validate(shorter));
        }
    }

    private static string? Usable(string? candidate)
    {
        if (candidate is null)
        {
            return null;
        }

        var kept = new StringBuilder();
        foreach (var rune in candidate.EnumerateRunes())
        {
            if (!Rune.IsControl(rune) && rune != Rune.ReplacementChar)
            {
                kept.Append(rune.ToString());
            }
        }

        var key = kept.ToString().Trim(' ', '\t');
        return AccessKeyRules.FindProblem(key) is null ? key : null;
    }

    private static bool IsWellFormed(string text)
        => Encoding.UTF8.GetString(Encoding.UTF8.GetBytes(text)) == text;
}
