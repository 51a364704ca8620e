using FirehoseAuth.Deduplication;
using FirehoseAuth.Protocol;
using FirehoseAuth.Secrets;

namespace FirehoseAuth;

/// <summary>
/// Options of FirehoseAuth (configuration section <c>FirehoseAuth</c>). Exactly one key source must be configured:
/// <see cref="SecretsManagerOptions.SecretId"/> or <see cref="AccessKey"/>.
/// </summary>
public sealed class FirehoseAuthOptions
{
    /// <summary>The configuration section name, <c>FirehoseAuth</c>.</summary>
    public const string SectionName = "FirehoseAuth";

    /// <summary>
    /// The name of the default delivery stream, <c>default</c>: the one <c>AddFirehoseAuth(configuration)</c> and
    /// <c>AddFirehoseAuth(configure)</c> register, whose options are the unnamed ones (<c>IOptions&lt;FirehoseAuthOptions&gt;</c>).
    /// </summary>
    public const string DefaultStreamName = "default";

    /// <summary>Gets or sets a static access key (used when no Secrets Manager secret is configured).</summary>
    /// <value>The default value is <see langword="null"/>.</value>
    public string? AccessKey { get; set; }

    /// <summary>Gets or sets the previous static access key, accepted until <see cref="PreviousAccessKeyValidUntil"/>.</summary>
    /// <value>The default value is <see langword="null"/>.</value>
    public string? PreviousAccessKey { get; set; }

    /// <summary>Gets or sets the last instant the previous static key is accepted (required with <see cref="PreviousAccessKey"/>).</summary>
    /// <value>The default value is <see langword="null"/>.</value>
    public DateTimeOffset? PreviousAccessKeyValidUntil { get; set; }

    /// <summary>
    /// Gets or sets how long after a Secrets Manager rotation (the new <c>AWSCURRENT</c>'s <c>CreatedDate</c>) the
    /// <c>AWSPREVIOUS</c> key is still accepted. Firehose refreshes its cached key about every 10 minutes.
    /// </summary>
    /// <value>The default value is 15 minutes.</value>
    public TimeSpan RotationGracePeriod { get; set; } = TimeSpan.FromMinutes(15);

    /// <summary>Gets the delivery-stream ARNs allowed to deliver. Empty allows any (authenticated) source.</summary>
    /// <value>The default value is an empty list.</value>
    public IList<string> AllowedSourceArns { get; } = [];

    /// <summary>Gets the parsing limits (configuration section <c>FirehoseAuth:Limits</c>).</summary>
    public FirehoseParserOptions Limits { get; } = new();

    /// <summary>Gets the Secrets Manager key source (configuration section <c>FirehoseAuth:SecretsManager</c>).</summary>
    public SecretsManagerOptions SecretsManager { get; } = new();

    /// <summary>
    /// Gets how a retried delivery is handled once (configuration section <c>FirehoseAuth:Deduplication</c>).
    /// Off unless <see cref="DeduplicationOptions.Store"/> is set.
    /// </summary>
    public DeduplicationOptions Deduplication { get; } = new();
}
