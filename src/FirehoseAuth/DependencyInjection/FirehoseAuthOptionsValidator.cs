using System.Text.RegularExpressions;
using FirehoseAuth.Authentication;
using FirehoseAuth.Deduplication;
using FirehoseAuth.Protocol;
using FirehoseAuth.Secrets;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace FirehoseAuth.DependencyInjection;

/// <summary>
/// Validates, at start-up, every registered stream's options: the parsing limits, <c>AllowedSourceArns</c>, the
/// Secrets Manager settings (<see cref="SecretsManagerOptionsValidator"/>) and (through
/// <see cref="AccessKeyOptionsValidator"/>) the static key source when the stream's built-in key source is in force.
/// All problems are reported at once. Messages name settings by their path — <c>FirehoseAuth:…</c> for the default
/// stream, the stream's own section (such as <c>FirehoseAuth:Streams:logs:…</c>) for a named one — never values of keys.
/// </summary>
internal sealed partial class FirehoseAuthOptionsValidator : IValidateOptions<FirehoseAuthOptions>
{
    private readonly IServiceProvider _serviceProvider;
    private readonly FirehoseAuthRegistration _registration;

    public FirehoseAuthOptionsValidator(IServiceProvider serviceProvider, FirehoseAuthRegistration registration)
    {
        _serviceProvider = serviceProvider;
        _registration = registration;
    }

    public ValidateOptionsResult Validate(string? name, FirehoseAuthOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        var failures = new List<string>();
        ValidateLimits(options.Limits, failures);
        ValidateSourceArns(options.AllowedSourceArns, failures);
        Add(new SecretsManagerOptionsValidator().Validate(name, options), failures);
        ValidateDeduplication(options.Deduplication, failures);

        // An application that replaced the stream's IAccessKeySetProvider brings its own keys; the key settings are not
        // needed. Otherwise the Authentication validator checks that a key source is configured and that static keys are sound.
        if (_registration.UsesBuiltInKeySourceFor(name))
        {
            var timeProvider = FirehoseAuthServiceCollectionExtensions.GetTimeProvider(_serviceProvider);
            Add(new AccessKeyOptionsValidator(timeProvider).Validate(name, options), failures);
        }

        if (failures.Count == 0)
        {
            return ValidateOptionsResult.Success;
        }

        // Every message names settings from "FirehoseAuth:"; a named stream's live in its own section.
        var path = _registration.SettingsPath(name);
        if (path != FirehoseAuthOptions.SectionName)
        {
            for (var i = 0; i < failures.Count; i++)
            {
                failures[i] = failures[i].Replace(FirehoseAuthOptions.SectionName + ":", path + ":", StringComparison.Ordinal);
            }
        }

        return ValidateOptionsResult.Fail(failures);
    }

    private static void Add(ValidateOptionsResult result, List<string> failures)
    {
        if (result.Failed)
        {
            failures.AddRange(result.Failures ?? [result.FailureMessage]);
        }
    }

    internal static void ValidateLimits(FirehoseParserOptions limits, List<string> failures) => limits.Validate("FirehoseAuth:Limits:", failures);

    private void ValidateDeduplication(DeduplicationOptions options, List<string> failures)
    {
        const string Section = FirehoseAuthOptions.SectionName + ":" + nameof(FirehoseAuthOptions.Deduplication);
        DeduplicationOptions.Validate(options, Section, failures);
        if (options.Store == DeduplicationStore.Redis
            && _serviceProvider.GetService<IServiceProviderIsKeyedService>() is { } isKeyed
            && !isKeyed.IsKeyedService(typeof(IDeliveryLedger), DeduplicationStore.Redis))
        {
            failures.Add($"{Section}:Store is Redis, but no Redis ledger is registered: add the FirehoseAuth.Redis package and call services.AddFirehoseAuthRedisDeduplication(configuration.GetSection(\"{Section}:Redis\")).");
        }
    }

    internal static void ValidateSourceArns(IList<string> arns, List<string> failures)
    {
        for (var i = 0; i < arns.Count; i++)
        {
            var arn = arns[i];
            if (string.IsNullOrWhiteSpace(arn))
            {
                failures.Add($"FirehoseAuth:AllowedSourceArns:{i} is empty; remove it (an empty allow-list allows any authenticated source).");
            }
            else if (!DeliveryStreamArn().IsMatch(arn))
            {
                failures.Add($"FirehoseAuth:AllowedSourceArns:{i} ('{arn}') is not a delivery-stream ARN such as arn:aws:firehose:us-east-1:123456789012:deliverystream/my-stream.");
            }
        }
    }

    // arn:{partition}:firehose:{region}:{12-digit account}:deliverystream/{name}; compared verbatim with the header.
    [GeneratedRegex(@"^arn:aws[a-z-]*:firehose:[a-z0-9-]+:[0-9]{12}:deliverystream/[A-Za-z0-9_.-]{1,64}$", RegexOptions.CultureInvariant, matchTimeoutMilliseconds: 1000)]
    private static partial Regex DeliveryStreamArn();
}
