namespace FirehoseAuth.Tests.Secrets.Fakes;

/// <summary>AWS credentials known to the fake Secrets Manager (test values only).</summary>
/// <param name="AccessKeyId">The access key id.</param>
/// <param name="SecretAccessKey">The secret access key.</param>
/// <param name="SessionToken">The session token the fake requires in <c>X-Amz-Security-Token</c>, if any.</param>
public sealed record AwsTestCredentials(string AccessKeyId, string SecretAccessKey, string? SessionToken = null)
{
    /// <summary>Gets the default test credentials (no session token).</summary>
    public static AwsTestCredentials Default { get; } = new("AKIDFIREHOSETEST", "firehose/test+secret=key");

    /// <inheritdoc/>
    public override string ToString() => $"AwsTestCredentials {{ AccessKeyId = {AccessKeyId}, SecretAccessKey = ***, SessionToken = {(SessionToken is null ? "none" : "***")} }}";
}
