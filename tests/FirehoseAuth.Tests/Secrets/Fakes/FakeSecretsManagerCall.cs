namespace FirehoseAuth.Tests.Secrets.Fakes;

/// <summary>One request received by the fake Secrets Manager, and how it was answered.</summary>
/// <param name="Target">The <c>X-Amz-Target</c>.</param>
/// <param name="SecretId">The requested secret, when the body could be read.</param>
/// <param name="VersionStage">The requested staging label (<c>AWSCURRENT</c> when omitted).</param>
/// <param name="StatusCode">The HTTP status answered (0 for a reset connection).</param>
/// <param name="ErrorType">The <c>__type</c> answered, if any.</param>
/// <param name="AmzDate">The <c>X-Amz-Date</c> of the request.</param>
/// <param name="SecurityToken">The <c>X-Amz-Security-Token</c> of the request.</param>
/// <param name="ContentType">The <c>Content-Type</c> exactly as received.</param>
public sealed record FakeSecretsManagerCall(
    string? Target,
    string? SecretId,
    string? VersionStage,
    int StatusCode,
    string? ErrorType,
    string? AmzDate,
    string? SecurityToken,
    string? ContentType)
{
    public bool IsGetSecretValue => Target == "secretsmanager.GetSecretValue";
}
