namespace FirehoseAuth.Tests.Secrets.Fakes;

/// <summary>One version of a secret held by the fake Secrets Manager.</summary>
public sealed class FakeSecretVersion
{
    public required string VersionId { get; init; }

    public string? SecretString { get; init; }

    public required DateTimeOffset CreatedDate { get; init; }

    /// <summary>Gets the staging labels; the fake moves them on <see cref="FakeSecretsManager.PutSecretValue"/>.</summary>
    public HashSet<string> Stages { get; } = new(StringComparer.Ordinal);

    public override string ToString() => $"FakeSecretVersion {{ VersionId = {VersionId}, Stages = [{string.Join(", ", Stages)}], CreatedDate = {CreatedDate:O} }}";
}
