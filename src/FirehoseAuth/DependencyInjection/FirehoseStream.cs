using FirehoseAuth.Authentication;
using FirehoseAuth.Pipeline;

namespace FirehoseAuth.DependencyInjection;

/// <summary>One registered delivery stream, resolved: its options, key source, validator and pipeline.</summary>
internal sealed class FirehoseStream
{
    public FirehoseStream(string name, FirehoseAuthOptions options, IAccessKeySetProvider keySource, AccessKeyValidator validator, FirehoseDeliveryPipeline pipeline)
    {
        Name = name;
        Options = options;
        KeySource = keySource;
        Validator = validator;
        Pipeline = pipeline;
    }

    /// <summary>Gets the stream's name (<see cref="FirehoseAuthOptions.DefaultStreamName"/> for the default one).</summary>
    public string Name { get; }

    public FirehoseAuthOptions Options { get; }

    public IAccessKeySetProvider KeySource { get; }

    public AccessKeyValidator Validator { get; }

    public FirehoseDeliveryPipeline Pipeline { get; }
}
