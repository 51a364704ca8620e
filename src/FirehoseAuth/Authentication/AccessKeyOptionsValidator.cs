using Microsoft.Extensions.Options;

namespace FirehoseAuth.Authentication;

/// <summary>
/// Validates the static key source (<c>FirehoseAuth:AccessKey</c> and the previous key) at start-up, and that some
/// key source is configured at all.
/// </summary>
internal sealed class AccessKeyOptionsValidator : IValidateOptions<FirehoseAuthOptions>
{
    // STUB: the Authentication implementation replaces this body.
    public AccessKeyOptionsValidator(TimeProvider timeProvider) => _ = timeProvider;

    public ValidateOptionsResult Validate(string? name, FirehoseAuthOptions options) => throw new NotImplementedException();
}
