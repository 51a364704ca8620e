using Microsoft.Extensions.Options;

namespace FirehoseAuth.Secrets;

/// <summary>
/// Validates <c>FirehoseAuth:SecretsManager</c> and <c>FirehoseAuth:RotationGracePeriod</c> at start-up when a secret is configured.
/// </summary>
internal sealed class SecretsManagerOptionsValidator : IValidateOptions<FirehoseAuthOptions>
{
    // STUB: the Secrets implementation replaces this body.
    public ValidateOptionsResult Validate(string? name, FirehoseAuthOptions options) => throw new NotImplementedException();
}
