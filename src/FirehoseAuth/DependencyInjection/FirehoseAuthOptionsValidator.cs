using System.Text.RegularExpressions;
using FirehoseAuth.Authentication;
using FirehoseAuth.Protocol;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace FirehoseAuth.DependencyInjection;

/// <summary>
/// Validates, at start-up, what the DI layer owns: the parsing limits, <c>FirehoseAuth:AllowedSourceArns</c>, and
/// (through <see cref="AccessKeyOptionsValidator"/>) the static key source when the built-in key source is in force.
/// Messages name settings, never values of keys.
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

        // An application that replaced IAccessKeySetProvider brings its own keys; the key settings are not needed.
        // Otherwise the Authentication validator checks that a key source is configured and that static keys are sound.
        if (_registration.UsesBuiltInKeySource)
        {
            var timeProvider = FirehoseAuthServiceCollectionExtensions.GetTimeProvider(_serviceProvider);
            var keys = new AccessKeyOptionsValidator(timeProvider).Validate(name, options);
            if (keys.Failed)
            {
                failures.AddRange(keys.Failures ?? [keys.FailureMessage]);
            }
        }

        return failures.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(failures);
    }

    internal static void ValidateLimits(FirehoseParserOptions limits, List<string> failures) => limits.Validate("FirehoseAuth:Limits:", failures);

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
