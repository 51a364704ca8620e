namespace FirehoseAuth.Secrets;

/// <summary>
/// The seam to AWS Secrets Manager's <c>GetSecretValue</c>. FirehoseAuth ships an implementation over
/// <see cref="System.Net.Http.HttpClient"/>; an application that already uses <c>IAmazonSecretsManager</c> can adapt it
/// in a few lines (see the README).
/// </summary>
public interface ISecretValueSource
{
    /// <summary>Fetches one version of a secret by staging label.</summary>
    /// <param name="secretId">The secret's name or ARN.</param>
    /// <param name="versionStage">The staging label, <c>AWSCURRENT</c> or <c>AWSPREVIOUS</c>.</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    /// <returns>The secret version, or <see langword="null"/> when no version carries <paramref name="versionStage"/>.</returns>
    /// <exception cref="SecretsManagerException">Secrets Manager answered with an error, after any retries.</exception>
    Task<SecretValue?> GetSecretValueAsync(string secretId, string versionStage, CancellationToken cancellationToken);
}
