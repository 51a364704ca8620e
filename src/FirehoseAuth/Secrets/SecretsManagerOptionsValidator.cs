using System.Text.RegularExpressions;
using FirehoseAuth.Authentication;
using Microsoft.Extensions.Options;

namespace FirehoseAuth.Secrets;

/// <summary>
/// Validates <c>FirehoseAuth:SecretsManager</c> and <c>FirehoseAuth:RotationGracePeriod</c> at start-up when a secret is configured.
/// </summary>
internal sealed partial class SecretsManagerOptionsValidator : IValidateOptions<FirehoseAuthOptions>
{
    internal const string Section = FirehoseAuthOptions.SectionName + ":SecretsManager:";

    /// <inheritdoc/>
    public ValidateOptionsResult Validate(string? name, FirehoseAuthOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        var secrets = options.SecretsManager;
        if (!AccessKeyOptionsValidator.UsesSecretsManager(options))
        {
            return ValidateOptionsResult.Skip;
        }

        var failures = new List<string>();
        var max = SecretsManagerConstants.MaxRefreshInterval;
        if (secrets.RefreshInterval <= TimeSpan.Zero || secrets.RefreshInterval > max)
        {
            failures.Add($"{Section}{nameof(secrets.RefreshInterval)} must be positive and at most {max}; it is {secrets.RefreshInterval}.");
        }

        if (secrets.MinRefreshOnMissInterval <= TimeSpan.Zero)
        {
            failures.Add($"{Section}{nameof(secrets.MinRefreshOnMissInterval)} must be positive; it is {secrets.MinRefreshOnMissInterval}.");
        }
        else if (secrets.MinRefreshOnMissInterval > secrets.RefreshInterval)
        {
            failures.Add($"{Section}{nameof(secrets.MinRefreshOnMissInterval)} ({secrets.MinRefreshOnMissInterval}) must not exceed {nameof(secrets.RefreshInterval)} ({secrets.RefreshInterval}).");
        }

        if (!secrets.UseWholeSecretString && string.IsNullOrEmpty(secrets.JsonKey))
        {
            failures.Add($"{Section}{nameof(secrets.JsonKey)} must not be empty unless {nameof(secrets.UseWholeSecretString)} is true.");
        }

        if (secrets.ServiceUrl is { } url && (!url.IsAbsoluteUri || (url.Scheme != Uri.UriSchemeHttp && url.Scheme != Uri.UriSchemeHttps)))
        {
            failures.Add($"{Section}{nameof(secrets.ServiceUrl)} must be an absolute http or https URL.");
        }

        if (secrets.Region is { } region && !RegionName().IsMatch(region))
        {
            failures.Add($"{Section}{nameof(secrets.Region)} \"{region}\" is not a region name such as us-east-1.");
        }

        if (secrets.MaxAttempts < 1)
        {
            failures.Add($"{Section}{nameof(secrets.MaxAttempts)} must be at least 1; it is {secrets.MaxAttempts}.");
        }

        if (secrets.AttemptTimeout <= TimeSpan.Zero || secrets.AttemptTimeout > max)
        {
            failures.Add($"{Section}{nameof(secrets.AttemptTimeout)} must be positive and at most {max}; it is {secrets.AttemptTimeout}.");
        }

        if (secrets.StartupWaitTimeout < TimeSpan.Zero || secrets.StartupWaitTimeout > max)
        {
            failures.Add($"{Section}{nameof(secrets.StartupWaitTimeout)} must be zero or positive and at most {max}; it is {secrets.StartupWaitTimeout}.");
        }

        if (options.RotationGracePeriod <= TimeSpan.Zero || options.RotationGracePeriod > max)
        {
            failures.Add($"{FirehoseAuthOptions.SectionName}:{nameof(options.RotationGracePeriod)} must be positive and at most {max}; it is {options.RotationGracePeriod}.");
        }

        return failures.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(failures);
    }

    // us-east-1, us-gov-west-1, cn-northwest-1, eu-isoe-west-1, eusc-de-east-1, us-isob-east-1.
    [GeneratedRegex("^[a-z]{2,4}(-[a-z]{2,10}){1,3}-[0-9]{1,2}$", RegexOptions.CultureInvariant, matchTimeoutMilliseconds: 1000)]
    private static partial Regex RegionName();
}
