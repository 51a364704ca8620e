using System.Text;
using FirehoseAuth.Authentication;
using Microsoft.Extensions.Time.Testing;

namespace FirehoseAuth.Tests.Authentication;

public sealed class AccessKeyValidatorTests
{
    private const string CurrentKey = "current-2f7c91d4e8a35b60";
    private const string PreviousKey = "previous-9a1e0c7d3b42f586";

    private static readonly DateTimeOffset Start = new(2030, 1, 1, 12, 0, 0, TimeSpan.Zero);
    private static readonly DateTimeOffset PreviousValidUntil = Start.AddMinutes(15);

    private readonly FakeTimeProvider _time = new(Start);

    [Fact]
    public void Current_key_is_valid_current()
    {
        var (validator, provider) = Create(new AccessKeySet(CurrentKey, PreviousKey, PreviousValidUntil));

        Assert.Equal(AccessKeyValidationResult.ValidCurrent, validator.Validate(CurrentKey));
        Assert.Equal(0, provider.UnknownKeyCount);
    }

    [Fact]
    public void Previous_key_inside_its_window_is_valid_previous()
    {
        var (validator, provider) = Create(new AccessKeySet(CurrentKey, PreviousKey, PreviousValidUntil));

        Assert.Equal(AccessKeyValidationResult.ValidPrevious, validator.Validate(PreviousKey));
        Assert.Equal(0, provider.UnknownKeyCount);
    }

    [Fact]
    public void Unknown_key_is_invalid_and_tells_the_provider_once()
    {
        var (validator, provider) = Create(new AccessKeySet(CurrentKey, PreviousKey, PreviousValidUntil));

        Assert.Equal(AccessKeyValidationResult.Invalid, validator.Validate("someone-else-entirely"));
        Assert.Equal(1, provider.UnknownKeyCount);
    }

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    [InlineData(" ")]
    [InlineData("\t \t")]
    public void Absent_empty_or_blank_header_is_missing_and_does_not_trigger_a_refresh(string? header)
    {
        var (validator, provider) = Create(new AccessKeySet(CurrentKey));

        Assert.Equal(AccessKeyValidationResult.Missing, validator.Validate(header));
        Assert.Equal(AccessKeyValidationResult.Missing, validator.Validate(header.AsSpan()));
        Assert.Equal(AccessKeyValidationResult.Missing, validator.ValidateUtf8(Encoding.UTF8.GetBytes(header ?? "")));
        Assert.Equal(0, provider.UnknownKeyCount);
    }

    [Theory]
    [InlineData(CurrentKey)]
    [InlineData("anything")]
    [InlineData("")]
    [InlineData(null)]
    public void Without_a_key_set_every_header_is_unavailable_never_valid_or_rejected(string? header)
    {
        var (validator, provider) = Create(null);

        Assert.Equal(AccessKeyValidationResult.Unavailable, validator.Validate(header));
        Assert.Equal(AccessKeyValidationResult.Unavailable, validator.Validate(header.AsSpan()));
        Assert.Equal(AccessKeyValidationResult.Unavailable, validator.ValidateUtf8(Encoding.UTF8.GetBytes(header ?? "")));
        Assert.Equal(0, provider.UnknownKeyCount);
    }

    [Fact]
    public void Previous_key_is_accepted_until_exactly_its_expiry_and_rejected_one_tick_later()
    {
        var (validator, provider) = Create(new AccessKeySet(CurrentKey, PreviousKey, PreviousValidUntil));

        _time.SetUtcNow(PreviousValidUntil.AddTicks(-1));
        Assert.Equal(AccessKeyValidationResult.ValidPrevious, validator.Validate(PreviousKey));

        _time.SetUtcNow(PreviousValidUntil);
        Assert.Equal(AccessKeyValidationResult.ValidPrevious, validator.Validate(PreviousKey));
        Assert.Equal(0, provider.UnknownKeyCount);

        _time.Advance(TimeSpan.FromTicks(1));
        Assert.Equal(AccessKeyValidationResult.Invalid, validator.Validate(PreviousKey));
        Assert.Equal(1, provider.UnknownKeyCount);
        Assert.Equal(AccessKeyValidationResult.ValidCurrent, validator.Validate(CurrentKey));
    }

    [Fact]
    public void Expiry_is_compared_as_an_instant_whatever_its_offset()
    {
        var untilInTokyo = PreviousValidUntil.ToOffset(TimeSpan.FromHours(9));
        var (validator, _) = Create(new AccessKeySet(CurrentKey, PreviousKey, untilInTokyo));

        _time.SetUtcNow(PreviousValidUntil);
        Assert.Equal(AccessKeyValidationResult.ValidPrevious, validator.Validate(PreviousKey));
        _time.Advance(TimeSpan.FromTicks(1));
        Assert.Equal(AccessKeyValidationResult.Invalid, validator.Validate(PreviousKey));
    }

    [Fact]
    public void A_key_that_is_both_current_and_previous_counts_as_current()
    {
        var (validator, _) = Create(new AccessKeySet(CurrentKey, CurrentKey, PreviousValidUntil));

        Assert.Equal(AccessKeyValidationResult.ValidCurrent, validator.Validate(CurrentKey));
    }

    [Fact]
    public void Current_key_stays_valid_after_the_previous_window_ends()
    {
        var (validator, _) = Create(new AccessKeySet(CurrentKey, PreviousKey, PreviousValidUntil));

        _time.Advance(TimeSpan.FromDays(365));
        Assert.Equal(AccessKeyValidationResult.ValidCurrent, validator.Validate(CurrentKey));
    }

    [Fact]
    public void Swapping_the_key_set_takes_effect_on_the_next_validation()
    {
        var (validator, provider) = Create(new AccessKeySet(PreviousKey));
        Assert.Equal(AccessKeyValidationResult.Invalid, validator.Validate(CurrentKey));

        provider.Current = new AccessKeySet(CurrentKey, PreviousKey, PreviousValidUntil);

        Assert.Equal(AccessKeyValidationResult.ValidCurrent, validator.Validate(CurrentKey));
        Assert.Equal(AccessKeyValidationResult.ValidPrevious, validator.Validate(PreviousKey));
    }

    [Theory]
    [InlineData("current-2f7c91d4e8a35b61")] // last byte differs
    [InlineData("durrent-2f7c91d4e8a35b60")] // first byte differs
    [InlineData("current-2f7c91d4e8a35b6")] // one byte shorter
    [InlineData("current-2f7c91d4e8a35b600")] // one byte longer
    [InlineData("current-2f7c91d4e8a35b60current-2f7c91d4e8a35b60")] // repeated
    [InlineData("CURRENT-2F7C91D4E8A35B60")] // case differs
    [InlineData("current-2f7c91d4e8a35b60\0")] // trailing NUL
    [InlineData("current -2f7c91d4e8a35b60")] // inner space
    public void Near_misses_are_invalid_through_every_entry_point(string presented)
    {
        var (validator, provider) = Create(new AccessKeySet(CurrentKey, PreviousKey, PreviousValidUntil));

        Assert.Equal(AccessKeyValidationResult.Invalid, validator.Validate(presented));
        Assert.Equal(AccessKeyValidationResult.Invalid, validator.Validate(presented.AsSpan()));
        Assert.Equal(AccessKeyValidationResult.Invalid, validator.ValidateUtf8(Encoding.UTF8.GetBytes(presented)));
        Assert.Equal(3, provider.UnknownKeyCount);
    }

    [Theory]
    [InlineData(" " + CurrentKey)]
    [InlineData(CurrentKey + " ")]
    [InlineData("\t" + CurrentKey + " \t")]
    public void Spaces_and_tabs_around_the_value_are_not_part_of_it(string presented)
    {
        var (validator, _) = Create(new AccessKeySet(CurrentKey));

        Assert.Equal(AccessKeyValidationResult.ValidCurrent, validator.Validate(presented));
        Assert.Equal(AccessKeyValidationResult.ValidCurrent, validator.ValidateUtf8(Encoding.UTF8.GetBytes(presented)));
    }

    [Theory]
    [InlineData("clé-ключ-鍵-🔑")]
    [InlineData("Ωmega\u00A0nbsp")]
    public void Non_ascii_keys_match_by_their_utf8_bytes(string key)
    {
        var (validator, _) = Create(new AccessKeySet(key));

        Assert.Equal(AccessKeyValidationResult.ValidCurrent, validator.Validate(key));
        Assert.Equal(AccessKeyValidationResult.ValidCurrent, validator.ValidateUtf8(Encoding.UTF8.GetBytes(key)));

        // The same bytes read as Latin-1 (a host decoding headers the wrong way) are a different key.
        var misdecoded = Encoding.Latin1.GetString(Encoding.UTF8.GetBytes(key));
        Assert.Equal(AccessKeyValidationResult.Invalid, validator.Validate(misdecoded));
    }

    [Theory]
    [InlineData("a", 4096)] // 4096 bytes: the longest key Firehose sends
    [InlineData("é", 2048)] // 4096 bytes of two-byte characters
    [InlineData("€", 1365)] // 4095 bytes of three-byte characters
    public void Longest_configured_key_is_accepted_through_every_entry_point(string unit, int count)
    {
        var key = string.Concat(Enumerable.Repeat(unit, count));
        var (validator, _) = Create(new AccessKeySet(key));

        Assert.Equal(AccessKeyValidationResult.ValidCurrent, validator.Validate(key));
        Assert.Equal(AccessKeyValidationResult.ValidCurrent, validator.Validate(key.AsSpan()));
        Assert.Equal(AccessKeyValidationResult.ValidCurrent, validator.ValidateUtf8(Encoding.UTF8.GetBytes(key)));
    }

    [Theory]
    [InlineData("b")] // 4097 bytes, the 4097th ASCII
    [InlineData("é")] // 4098 bytes, the limit falls inside the last character
    [InlineData("🔑")] // 4100 bytes, a surrogate pair past the limit
    public void Presented_key_over_4096_bytes_is_invalid_even_when_its_first_4096_bytes_are_a_valid_key(string tail)
    {
        var longestKey = new string('a', AccessKeyRules.MaxKeyBytes);
        var (validator, provider) = Create(new AccessKeySet(longestKey));
        var presented = longestKey + tail;

        Assert.Equal(AccessKeyValidationResult.Invalid, validator.Validate(presented));
        Assert.Equal(AccessKeyValidationResult.Invalid, validator.Validate(presented.AsSpan()));
        Assert.Equal(AccessKeyValidationResult.Invalid, validator.ValidateUtf8(Encoding.UTF8.GetBytes(presented)));
        Assert.Equal(3, provider.UnknownKeyCount);
    }

    [Fact]
    public void Presented_key_whose_last_character_crosses_the_limit_is_invalid_even_when_the_bytes_before_it_are_a_valid_key()
    {
        var key = new string('a', AccessKeyRules.MaxKeyBytes - 1);
        var (validator, _) = Create(new AccessKeySet(key));

        // 4095 + 2 bytes: the transcoder stops before 'é', leaving exactly the configured key in the buffer.
        Assert.Equal(AccessKeyValidationResult.Invalid, validator.Validate(key + "é"));
    }

    [Fact]
    public void Huge_header_value_is_invalid_without_failing()
    {
        var (validator, _) = Create(new AccessKeySet(CurrentKey));
        var presented = new string('x', 1_000_000);

        Assert.Equal(AccessKeyValidationResult.Invalid, validator.Validate(presented));
        Assert.Equal(AccessKeyValidationResult.Invalid, validator.ValidateUtf8(Encoding.UTF8.GetBytes(presented)));
    }

    // Built in code and enumerated at run time: attribute strings (and serialized theory data) are UTF-8, which would
    // turn an unpaired surrogate into U+FFFD.
    public static TheoryData<string> UnpairedSurrogates => new() { "\uD800", "\uDC00", "\uDC00\uD800" };

    [Theory]
    [MemberData(nameof(UnpairedSurrogates), DisableDiscoveryEnumeration = true)]
    public void Unpaired_surrogate_is_invalid_even_when_the_characters_before_it_are_a_valid_key(string junk)
    {
        Assert.True(char.IsSurrogate(junk[0]));
        var (validator, provider) = Create(new AccessKeySet(CurrentKey));

        Assert.Equal(AccessKeyValidationResult.Invalid, validator.Validate(CurrentKey + junk));
        Assert.Equal(AccessKeyValidationResult.Invalid, validator.Validate(CurrentKey + junk + "x"));
        Assert.Equal(2, provider.UnknownKeyCount);
    }

    [Fact]
    public void Invalid_utf8_bytes_are_invalid_not_an_error()
    {
        var (validator, _) = Create(new AccessKeySet(CurrentKey));

        Assert.Equal(AccessKeyValidationResult.Invalid, validator.ValidateUtf8([.. Encoding.UTF8.GetBytes(CurrentKey), 0xFF]));
        Assert.Equal(AccessKeyValidationResult.Invalid, validator.ValidateUtf8([0xC3]));
    }

    [Fact]
    public void Outcome_values_used_by_the_branch_free_combination_are_pinned()
    {
        // The validator computes Invalid + matchedCurrent + 2 * matchedPrevious.
        Assert.Equal(2, (int)AccessKeyValidationResult.Invalid);
        Assert.Equal(3, (int)AccessKeyValidationResult.ValidCurrent);
        Assert.Equal(4, (int)AccessKeyValidationResult.ValidPrevious);
    }

    [Fact]
    public void Constructor_rejects_null_arguments()
    {
        Assert.Throws<ArgumentNullException>("provider", () => new AccessKeyValidator(null!, _time));
        Assert.Throws<ArgumentNullException>("timeProvider", () => new AccessKeyValidator(new FakeAccessKeySetProvider(null), null!));
    }

    [SharedDataFact]
    public void Accepts_the_access_key_header_of_the_telegraf_peer_fixture()
    {
        using var headers = System.Text.Json.JsonDocument.Parse(File.ReadAllText(TestData.PathOf("peer-fixtures", "telegraf", "headers.json")));
        var presented = headers.RootElement.GetProperty("x-amz-firehose-access-key").GetString();
        var (validator, _) = Create(new AccessKeySet("secret"));
        var (other, _) = Create(new AccessKeySet("secreT"));

        Assert.Equal(AccessKeyValidationResult.ValidCurrent, validator.Validate(presented));
        Assert.Equal(AccessKeyValidationResult.Invalid, other.Validate(presented));
    }

    private (AccessKeyValidator Validator, FakeAccessKeySetProvider Provider) Create(AccessKeySet? keySet)
    {
        var provider = new FakeAccessKeySetProvider(keySet);
        return (new AccessKeyValidator(provider, _time), provider);
    }
}
