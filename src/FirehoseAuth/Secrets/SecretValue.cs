namespace FirehoseAuth.Secrets;

/// <summary>
/// One version of a Secrets Manager secret, as returned by <c>GetSecretValue</c>. <see cref="ToString"/> never prints
/// the secret.
/// </summary>
public sealed class SecretValue
{
    /// <summary>Gets the secret's ARN.</summary>
    public string? Arn { get; init; }

    /// <summary>Gets the secret's friendly name.</summary>
    public string? Name { get; init; }

    /// <summary>Gets the version id (a GUID).</summary>
    public required string VersionId { get; init; }

    /// <summary>Gets the secret text, when the secret was stored as a string.</summary>
    public string? SecretString { get; init; }

    /// <summary>Gets the secret bytes, when the secret was stored as binary.</summary>
    public ReadOnlyMemory<byte>? SecretBinary { get; init; }

    /// <summary>Gets the staging labels attached to this version.</summary>
    public IReadOnlyList<string> VersionStages { get; init; } = [];

    /// <summary>Gets the date this version was created.</summary>
    public DateTimeOffset CreatedDate { get; init; }

    /// <inheritdoc/>
    public override string ToString() => $"SecretValue {{ Name = {Name}, VersionId = {VersionId}, VersionStages = [{string.Join(", ", VersionStages)}], CreatedDate = {CreatedDate:O} }}";
}
