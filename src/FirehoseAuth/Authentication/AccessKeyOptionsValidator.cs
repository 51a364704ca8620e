using Microsoft.Extensions.Options;

namespace FirehoseAuth.Authentication;

/// <summary>
/// Validates the static key source (<c>FirehoseAuth:AccessKey</c> and the previous key) at start-up, and that some
/// key source is configured at all.
/// </summary>
/// <remarks>
/// <para>
/// The key source is Secrets Manager when <c>FirehoseAuth:SecretsManager:SecretId</c> is set (not empty or
/// whitespace; see <see cref="UsesSecretsManager"/>), otherwise the static keys. With a secret configured, the static
/// fields are not used and not validated here (the Secrets Manager validator checks that source): this keeps "point the
/// receiver at a real secret" a single setting even where a default static key is configured.
/// </para>
/// <para>
/// Without a secret: <c>AccessKey</c> is required; every static key must be something Firehose can send
/// (<see cref="AccessKeyRules"/>); <c>PreviousAccessKey</c> and <c>PreviousAccessKeyValidUntil</c> come together; the
/// expiry must not be in the past (an equal instant is still inside the window). Every problem is reported at once,
/// naming the setting and never echoing a key.
/// </para>
/// </remarks>
internal sealed class AccessKeyOptionsValidator : IValidateOptions<FirehoseAuthOptions>
{
    private const string AccessKeyPath = FirehoseAuthOptions.SectionName + ":" + nameof(FirehoseAuthOptions.AccessKey);
    private const string PreviousAccessKeyPath = FirehoseAuthOptions.SectionName + ":" + nameof(FirehoseAuthOptions.PreviousAccessKey);
    private const string PreviousValidUntilPath = FirehoseAuthOptions.SectionName + ":" + nameof(FirehoseAuthOptions.PreviousAccessKeyValidUntil);
    private const string SecretIdPath = FirehoseAuthOptions.SectionName + ":" + nameof(FirehoseAuthOptions.SecretsManager) + ":" + nameof(Secrets.SecretsManagerOptions.SecretId);

    /// <summary>The message when neither key source is configured (the key-set provider throws it too, should it ever be resolved without one).</summary>
    internal const string NoKeySourceMessage =
        $"No access key source is configured. Set {SecretIdPath} to the name or ARN of the Secrets Manager secret that " +
        $"holds the key Firehose sends, or set {AccessKeyPath} to the access key configured on the Firehose stream's " +
        "HTTP endpoint destination. FirehoseAuth never runs an endpoint that accepts every delivery.";

    private readonly TimeProvider _timeProvider;

    public AccessKeyOptionsValidator(TimeProvider timeProvider)
    {
        ArgumentNullException.ThrowIfNull(timeProvider);
        _timeProvider = timeProvider;
    }

    /// <summary>Gets whether <paramref name="options"/> select Secrets Manager as the key source (the one rule DI uses too).</summary>
    public static bool UsesSecretsManager(FirehoseAuthOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        return !string.IsNullOrWhiteSpace(options.SecretsManager.SecretId);
    }

    public ValidateOptionsResult Validate(string? name, FirehoseAuthOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        if (UsesSecretsManager(options))
        {
            return ValidateOptionsResult.Skip;
        }

        var errors = new List<string>();
        if (options.AccessKey is null)
        {
            errors.Add(NoKeySourceMessage);
        }
        else if (AccessKeyRules.FindProblem(options.AccessKey) is { } problem)
        {
            errors.Add($"{AccessKeyPath} {problem}.");
        }

        var until = options.PreviousAccessKeyValidUntil;
        if (options.PreviousAccessKey is { } previousKey)
        {
            if (AccessKeyRules.FindProblem(previousKey) is { } problem)
            {
                errors.Add($"{PreviousAccessKeyPath} {problem}.");
            }

            if (until is null)
            {
                errors.Add(
                    $"{PreviousAccessKeyPath} is set without {PreviousValidUntilPath}. Set the last instant the previous key is " +
                    "accepted as an ISO-8601 date and time with an offset (for example 2030-01-31T12:00:00Z): rotation windows are bounded.");
            }
            else if (until.Value < _timeProvider.GetUtcNow())
            {
                errors.Add(
                    $"{PreviousValidUntilPath} ({until.Value:O}) is in the past, so the rotation window has ended. " +
                    $"Remove {PreviousAccessKeyPath} and {PreviousValidUntilPath}, or set a later instant.");
            }
        }
        else if (until is not null)
        {
            errors.Add($"{PreviousValidUntilPath} is set without {PreviousAccessKeyPath}. Set the previous key, or remove the expiry.");
        }

        return errors.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(errors);
    }
}
