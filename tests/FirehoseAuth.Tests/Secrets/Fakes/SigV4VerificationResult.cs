namespace FirehoseAuth.Tests.Secrets.Fakes;

/// <summary>The outcome of verifying a SigV4 signature, with the error AWS would answer.</summary>
/// <param name="IsValid">Whether the signature is valid.</param>
/// <param name="ErrorType">The AWS error type (<c>InvalidSignatureException</c>, …) when invalid.</param>
/// <param name="Message">The AWS-style message when invalid.</param>
public sealed record SigV4VerificationResult(bool IsValid, string? ErrorType, string? Message)
{
    public static SigV4VerificationResult Valid() => new(true, null, null);

    public static SigV4VerificationResult Invalid(string errorType, string message) => new(false, errorType, message);
}
