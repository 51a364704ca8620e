using FirehoseAuth.Secrets;

namespace FirehoseAuth.Tests.Secrets;

public sealed class SecretsManagerOptionsValidatorTests
{
    private readonly SecretsManagerOptionsValidator _validator = new();

    [Fact]
    public void Options_without_a_secret_id_are_skipped()
    {
        var options = new FirehoseAuthOptions();
        options.SecretsManager.RefreshInterval = TimeSpan.Zero; // would fail if validated

        Assert.True(_validator.Validate(null, options).Skipped);
    }

    [Fact]
    public void Defaults_with_a_secret_id_are_valid()
    {
        Assert.True(_validator.Validate(null, Valid()).Succeeded);
    }

    [Theory]
    [InlineData("us-east-1")]
    [InlineData("us-gov-west-1")]
    [InlineData("cn-northwest-1")]
    [InlineData("eu-isoe-west-1")]
    [InlineData("eusc-de-east-1")]
    [InlineData("ap-southeast-7")]
    public void Real_region_names_are_accepted(string region)
    {
        var options = Valid();
        options.SecretsManager.Region = region;

        Assert.True(_validator.Validate(null, options).Succeeded);
    }

    public static TheoryData<string, Action<FirehoseAuthOptions>> Invalid() => new()
    {
        { "RefreshInterval", o => o.SecretsManager.RefreshInterval = TimeSpan.Zero },
        { "RefreshInterval", o => o.SecretsManager.RefreshInterval = TimeSpan.FromDays(2) },
        { "MinRefreshOnMissInterval", o => o.SecretsManager.MinRefreshOnMissInterval = TimeSpan.FromSeconds(-1) },
        { "MinRefreshOnMissInterval", o => o.SecretsManager.MinRefreshOnMissInterval = TimeSpan.FromMinutes(6) },
        { "JsonKey", o => o.SecretsManager.JsonKey = string.Empty },
        { "ServiceUrl", o => o.SecretsManager.ServiceUrl = new Uri("ftp://127.0.0.1/") },
        { "ServiceUrl", o => o.SecretsManager.ServiceUrl = new Uri("/relative", UriKind.Relative) },
        { "Region", o => o.SecretsManager.Region = "US-EAST-1" },
        { "Region", o => o.SecretsManager.Region = "useast1" },
        { "Region", o => o.SecretsManager.Region = "us-east-1/../x" },
        { "MaxAttempts", o => o.SecretsManager.MaxAttempts = 0 },
        { "AttemptTimeout", o => o.SecretsManager.AttemptTimeout = TimeSpan.Zero },
        { "StartupWaitTimeout", o => o.SecretsManager.StartupWaitTimeout = TimeSpan.FromSeconds(-1) },
        { "RotationGracePeriod", o => o.RotationGracePeriod = TimeSpan.Zero },
    };

    [Theory]
    [MemberData(nameof(Invalid))]
    public void Invalid_settings_fail_with_the_setting_named(string setting, Action<FirehoseAuthOptions> breakIt)
    {
        var options = Valid();
        breakIt(options);

        var result = _validator.Validate(null, options);

        Assert.True(result.Failed);
        Assert.Contains(setting, result.FailureMessage, StringComparison.Ordinal);
    }

    [Fact]
    public void An_empty_json_key_is_fine_when_the_whole_secret_string_is_the_key()
    {
        var options = Valid();
        options.SecretsManager.JsonKey = string.Empty;
        options.SecretsManager.UseWholeSecretString = true;

        Assert.True(_validator.Validate(null, options).Succeeded);
    }

    [Fact]
    public void Every_failure_is_reported_at_once()
    {
        var options = Valid();
        options.SecretsManager.MaxAttempts = 0;
        options.RotationGracePeriod = TimeSpan.Zero;

        var result = _validator.Validate(null, options);

        Assert.Equal(2, result.Failures!.Count());
    }

    private static FirehoseAuthOptions Valid()
    {
        var options = new FirehoseAuthOptions();
        options.SecretsManager.SecretId = "firehose-integration";
        return options;
    }
}
