using FirehoseAuth.Secrets;

namespace FirehoseAuth.Benchmarks.Secrets;

/// <summary>A secret source answering from memory, so the benchmark measures the provider and not the network.</summary>
internal sealed class InMemorySecretValueSource : ISecretValueSource
{
    private readonly SecretValue _current = new()
    {
        VersionId = "00000001-0000-4000-8000-000000000000",
        SecretString = """{"api_key":"benchmark-access-key-0123456789"}""",
        VersionStages = ["AWSCURRENT"],
        CreatedDate = DateTimeOffset.UnixEpoch,
    };

    public Task<SecretValue?> GetSecretValueAsync(string secretId, string versionStage, CancellationToken cancellationToken)
        => Task.FromResult(versionStage == "AWSCURRENT" ? _current : null);
}
