namespace FirehoseAuth.Tests.Secrets.Fakes;

/// <summary>The outcome of verifying a SigV4 signature, with the error AWS would answer.</summary>
/// <param name="IsValid">Whether the signature is valid.</param>
/// <param name="ErrorType">The AWS error type (<c>InvalidSignatureException</c>, …) when invalid.</param>
/// <param name="Message">The AWS-style message when invalid.</param>
/// <param name="AccessKeyId">The access key id of the credential scope, when it could be parsed.</param>
public sealed record SigV4VerificationResult(bool IsValid, string? ErrorType, string? Message, string? AccessKeyId)
{
    public static SigV4VerificationResult Valid(string accessKeyId) => new(true, null, null, accessKeyId);

    public static SigV4VerificationResult Invalid(string errorType, string message, string? accessKeyId = null) => new(false, errorType, message, accessKeyId);
}
