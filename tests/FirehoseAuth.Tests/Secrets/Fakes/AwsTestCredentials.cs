using Amazon.Runtime;

namespace FirehoseAuth.Tests.Secrets.Fakes;

/// <summary>AWS credentials known to the fake Secrets Manager (test values only).</summary>
/// <param name="AccessKeyId">The access key id.</param>
/// <param name="SecretAccessKey">The secret access key.</param>
/// <param name="SessionToken">The session token the fake requires in <c>X-Amz-Security-Token</c>, if any.</param>
public sealed record AwsTestCredentials(string AccessKeyId, string SecretAccessKey, string? SessionToken = null)
{
    /// <summary>Gets the default test credentials (no session token).</summary>
    public static AwsTestCredentials Default { get; } = new("AKIDFIREHOSETEST", "firehose/test+secret=key");

    /// <summary>Returns these credentials as the AWS SDK's (session credentials when there is a session token).</summary>
    public AWSCredentials ToSdk()
        => SessionToken is null
            ? new BasicAWSCredentials(AccessKeyId, SecretAccessKey)
            : new SessionAWSCredentials(AccessKeyId, SecretAccessKey, SessionToken);

    /// <inheritdoc/>
    public override string ToString() => $"AwsTestCredentials {{ AccessKeyId = {AccessKeyId}, SecretAccessKey = ***, SessionToken = {(SessionToken is null ? "none" : "***")} }}";
}
