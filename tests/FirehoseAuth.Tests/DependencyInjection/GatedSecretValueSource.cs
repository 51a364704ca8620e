using FirehoseAuth.Secrets;

namespace FirehoseAuth.Tests.DependencyInjection;

/// <summary>
/// An <see cref="ISecretValueSource"/> whose answers wait until the test opens the gate; then it returns
/// <c>{"api_key":key}</c> for <c>AWSCURRENT</c> and no <c>AWSPREVIOUS</c>.
/// </summary>
internal sealed class GatedSecretValueSource : ISecretValueSource
{
    private readonly TaskCompletionSource _gate = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private readonly string _key;
    private int _calls;

    public GatedSecretValueSource(string key, bool open)
    {
        _key = key;
        if (open)
        {
            Open();
        }
    }

    public int Calls => Volatile.Read(ref _calls);

    public void Open() => _gate.TrySetResult();

    public async Task<SecretValue?> GetSecretValueAsync(string secretId, string versionStage, CancellationToken cancellationToken)
    {
        Interlocked.Increment(ref _calls);
        await _gate.Task.WaitAsync(cancellationToken);
        return versionStage == "AWSCURRENT"
            ? new SecretValue
            {
                Name = secretId,
                VersionId = "00000000-0000-0000-0000-000000000001",
                SecretString = $"{{\"api_key\":\"{_key}\"}}",
                VersionStages = ["AWSCURRENT"],
                CreatedDate = new DateTimeOffset(2030, 1, 1, 0, 0, 0, TimeSpan.Zero),
            }
            : null;
    }
}
