using FirehoseAuth.Authentication;
using Microsoft.Extensions.Time.Testing;

namespace FirehoseAuth.Tests.Authentication;

public sealed class StaticAccessKeySetProviderTests
{
    private static readonly DateTimeOffset Now = new(2030, 6, 1, 8, 0, 0, TimeSpan.Zero);

    [Fact]
    public void From_options_accepts_the_configured_key()
    {
        var provider = StaticAccessKeySetProvider.FromOptions(new FirehoseAuthOptions { AccessKey = "configured-key" });
        var validator = new AccessKeyValidator(provider, new FakeTimeProvider(Now));

        Assert.Equal(AccessKeyValidationResult.ValidCurrent, validator.Validate("configured-key"));
        Assert.Equal(AccessKeyValidationResult.Invalid, validator.Validate("other-key"));
        Assert.False(provider.Current!.HasPreviousKey);
        Assert.Equal("configuration", provider.Current.Version);
    }

    [Fact]
    public void From_options_accepts_the_previous_key_until_its_configured_expiry()
    {
        var time = new FakeTimeProvider(Now);
        var provider = StaticAccessKeySetProvider.FromOptions(new FirehoseAuthOptions
        {
            AccessKey = "new-key",
            PreviousAccessKey = "old-key",
            PreviousAccessKeyValidUntil = Now.AddMinutes(10),
        });
        var validator = new AccessKeyValidator(provider, time);

        Assert.Equal(AccessKeyValidationResult.ValidPrevious, validator.Validate("old-key"));
        time.Advance(TimeSpan.FromMinutes(10));
        Assert.Equal(AccessKeyValidationResult.ValidPrevious, validator.Validate("old-key"));
        time.Advance(TimeSpan.FromTicks(1));
        Assert.Equal(AccessKeyValidationResult.Invalid, validator.Validate("old-key"));
        Assert.Equal(AccessKeyValidationResult.ValidCurrent, validator.Validate("new-key"));
    }

    [Fact]
    public void From_options_without_a_key_is_a_programmer_error_that_names_the_setting()
    {
        var error = Assert.Throws<InvalidOperationException>(() => StaticAccessKeySetProvider.FromOptions(new FirehoseAuthOptions()));
        Assert.Contains("FirehoseAuth:AccessKey", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void From_unvalidated_options_with_an_unusable_key_throws_without_echoing_it()
    {
        var error = Assert.Throws<ArgumentException>(() => StaticAccessKeySetProvider.FromOptions(new FirehoseAuthOptions { AccessKey = "Tr0ub4dor\n" }));
        Assert.DoesNotContain("Tr0ub4dor", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Update_replaces_the_key_set_and_null_is_rejected()
    {
        var first = new AccessKeySet("first");
        var second = new AccessKeySet("second");
        var provider = new StaticAccessKeySetProvider(first);

        provider.Update(second);

        Assert.Same(second, provider.Current);
        Assert.Throws<ArgumentNullException>(() => provider.Update(null!));
        Assert.Same(second, provider.Current);
    }

    [Fact]
    public void Provider_without_a_key_set_makes_validation_unavailable()
    {
        var validator = new AccessKeyValidator(new StaticAccessKeySetProvider(null), new FakeTimeProvider(Now));

        Assert.Equal(AccessKeyValidationResult.Unavailable, validator.Validate("any"));
    }
}
