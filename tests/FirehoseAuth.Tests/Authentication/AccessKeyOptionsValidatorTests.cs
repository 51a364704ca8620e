using FirehoseAuth.Authentication;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Options;
using Microsoft.Extensions.Time.Testing;

namespace FirehoseAuth.Tests.Authentication;

public sealed class AccessKeyOptionsValidatorTests
{
    private const string Marker = "Tr0ub4dor";
    private static readonly DateTimeOffset Now = new(2030, 6, 1, 8, 0, 0, TimeSpan.Zero);

    private readonly AccessKeyOptionsValidator _validator = new(new FakeTimeProvider(Now));

    [Fact]
    public void Neither_secret_nor_access_key_fails_and_says_exactly_what_to_set()
    {
        var result = _validator.Validate(null, new FirehoseAuthOptions());

        Assert.True(result.Failed);
        var message = Assert.Single(result.Failures!);
        Assert.Contains("FirehoseAuth:SecretsManager:SecretId", message, StringComparison.Ordinal);
        Assert.Contains("FirehoseAuth:AccessKey", message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("")]
    [InlineData("   ")]
    public void Blank_secret_id_counts_as_no_secret(string secretId)
    {
        var options = new FirehoseAuthOptions();
        options.SecretsManager.SecretId = secretId;

        Assert.False(AccessKeyOptionsValidator.UsesSecretsManager(options));
        Assert.True(_validator.Validate(null, options).Failed);
    }

    [Fact]
    public void Static_key_alone_succeeds()
        => Assert.True(_validator.Validate(null, new FirehoseAuthOptions { AccessKey = "a-good-key" }).Succeeded);

    [Fact]
    public void Secret_alone_is_left_to_the_secrets_manager_validator()
    {
        var options = new FirehoseAuthOptions();
        options.SecretsManager.SecretId = "firehose/access-key";

        Assert.True(AccessKeyOptionsValidator.UsesSecretsManager(options));
        Assert.True(_validator.Validate(null, options).Skipped);
    }

    [Fact]
    public void With_a_secret_the_static_fields_are_not_used_so_they_are_not_validated()
    {
        var options = new FirehoseAuthOptions { AccessKey = " ", PreviousAccessKeyValidUntil = Now.AddDays(-1) };
        options.SecretsManager.SecretId = "arn:aws:secretsmanager:eu-west-1:123456789012:secret:firehose-AbCdEf";

        Assert.True(_validator.Validate(null, options).Skipped);
    }

    // Built in code and enumerated at run time: attribute strings (and serialized theory data) are UTF-8, which would
    // turn an unpaired surrogate into U+FFFD.
    public static TheoryData<string, string> UnusableKeys => new()
    {
        { "", "is empty" },
        { "  \t ", "is only whitespace" },
        { " " + Marker, "starts or ends with a space or tab" },
        { Marker + "\n", "control character" },
        { Marker + "\uDBFF", "unpaired surrogate" },
    };

    [Theory]
    [MemberData(nameof(UnusableKeys), DisableDiscoveryEnumeration = true)]
    public void Unusable_access_key_fails_naming_the_setting_without_echoing_the_key(string key, string reason)
    {
        var result = _validator.Validate(null, new FirehoseAuthOptions { AccessKey = key });

        var message = Assert.Single(result.Failures!);
        Assert.StartsWith("FirehoseAuth:AccessKey ", message, StringComparison.Ordinal);
        Assert.Contains(reason, message, StringComparison.Ordinal);
        Assert.DoesNotContain(Marker, result.FailureMessage, StringComparison.OrdinalIgnoreCase);
    }

    [Fact]
    public void Access_key_of_4096_bytes_succeeds_and_of_4097_bytes_fails_with_its_length_only()
    {
        Assert.True(_validator.Validate(null, new FirehoseAuthOptions { AccessKey = new string('k', 4096) }).Succeeded);

        var result = _validator.Validate(null, new FirehoseAuthOptions { AccessKey = Marker + new string('k', 4097 - Marker.Length) });

        var message = Assert.Single(result.Failures!);
        Assert.Equal("FirehoseAuth:AccessKey is 4097 UTF-8 bytes long; Firehose sends at most 4096.", message);
    }

    [Fact]
    public void Unusable_previous_key_fails_naming_the_previous_setting()
    {
        var result = _validator.Validate(null, new FirehoseAuthOptions
        {
            AccessKey = "new-key",
            PreviousAccessKey = Marker + new string('é', 2100),
            PreviousAccessKeyValidUntil = Now.AddHours(1),
        });

        var message = Assert.Single(result.Failures!);
        Assert.StartsWith("FirehoseAuth:PreviousAccessKey is 4209 UTF-8 bytes long", message, StringComparison.Ordinal);
        Assert.DoesNotContain(Marker, message, StringComparison.Ordinal);
    }

    [Fact]
    public void Previous_key_without_expiry_fails()
    {
        var result = _validator.Validate(null, new FirehoseAuthOptions { AccessKey = "new-key", PreviousAccessKey = Marker });

        var message = Assert.Single(result.Failures!);
        Assert.StartsWith("FirehoseAuth:PreviousAccessKey is set without FirehoseAuth:PreviousAccessKeyValidUntil", message, StringComparison.Ordinal);
        Assert.Contains("ISO-8601", message, StringComparison.Ordinal);
        Assert.DoesNotContain(Marker, message, StringComparison.Ordinal);
    }

    [Fact]
    public void Expiry_without_previous_key_fails()
    {
        var result = _validator.Validate(null, new FirehoseAuthOptions { AccessKey = "new-key", PreviousAccessKeyValidUntil = Now.AddHours(1) });

        Assert.StartsWith("FirehoseAuth:PreviousAccessKeyValidUntil is set without FirehoseAuth:PreviousAccessKey", Assert.Single(result.Failures!), StringComparison.Ordinal);
    }

    [Fact]
    public void Expiry_in_the_past_fails_and_an_expiry_of_exactly_now_succeeds()
    {
        var past = new FirehoseAuthOptions { AccessKey = "new-key", PreviousAccessKey = Marker, PreviousAccessKeyValidUntil = Now.AddTicks(-1) };
        var now = new FirehoseAuthOptions { AccessKey = "new-key", PreviousAccessKey = Marker, PreviousAccessKeyValidUntil = Now };

        var message = Assert.Single(_validator.Validate(null, past).Failures!);
        Assert.StartsWith("FirehoseAuth:PreviousAccessKeyValidUntil (2030-06-01T07:59:59.9999999+00:00) is in the past", message, StringComparison.Ordinal);
        Assert.DoesNotContain(Marker, message, StringComparison.Ordinal);
        Assert.True(_validator.Validate(null, now).Succeeded);
    }

    [Fact]
    public void Every_problem_is_reported_at_once()
    {
        var result = _validator.Validate(null, new FirehoseAuthOptions { AccessKey = "", PreviousAccessKey = " x" });

        Assert.Equal(3, result.Failures!.Count());
    }

    [Fact]
    public void Configuration_with_iso8601_expiry_binds_and_validates()
    {
        var configuration = new ConfigurationBuilder()
            .AddInMemoryCollection(new Dictionary<string, string?>
            {
                ["FirehoseAuth:AccessKey"] = "new-key",
                ["FirehoseAuth:PreviousAccessKey"] = "old-key",
                ["FirehoseAuth:PreviousAccessKeyValidUntil"] = "2030-06-01T10:30:00+02:00",
            })
            .Build();
        var options = new FirehoseAuthOptions();
        configuration.GetSection(FirehoseAuthOptions.SectionName).Bind(options);

        Assert.Equal(new DateTimeOffset(2030, 6, 1, 8, 30, 0, TimeSpan.Zero), options.PreviousAccessKeyValidUntil);
        Assert.True(_validator.Validate(null, options).Succeeded);
    }

    [Fact]
    public void Failure_surfaces_through_options_validation_without_the_key()
    {
        var options = Options.Create(new FirehoseAuthOptions { AccessKey = Marker + " " });
        var failure = _validator.Validate(Options.DefaultName, options.Value);

        var exception = new OptionsValidationException(Options.DefaultName, typeof(FirehoseAuthOptions), failure.Failures);
        Assert.DoesNotContain(Marker, exception.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Null_arguments_are_programmer_errors()
    {
        Assert.Throws<ArgumentNullException>(() => new AccessKeyOptionsValidator(null!));
        Assert.Throws<ArgumentNullException>(() => _validator.Validate(null, null!));
    }
}
