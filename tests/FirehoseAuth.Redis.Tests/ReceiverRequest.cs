using System.IO.Pipelines;
using FirehoseAuth.Pipeline;
using FirehoseAuth.Protocol;
using Microsoft.Extensions.Primitives;

namespace FirehoseAuth.Redis.Tests;

/// <summary>A delivery of one record as Firehose sends it, with the receivers' access key.</summary>
internal readonly struct ReceiverRequest(string id, byte[] body) : IFirehoseHttpRequest
{
    public string Method => "POST";

    public long? ContentLength => body.Length;

    public PipeReader? BodyReader => null;

    public Stream? Body => new MemoryStream(body);

    public object? HostContext => null;

    public IServiceProvider? RequestServices => null;

    public StringValues GetHeader(string name) => name switch
    {
        FirehoseHeaderNames.AccessKey => Receivers.Key,
        FirehoseHeaderNames.RequestId => id,
        FirehoseHeaderNames.SourceArn => "arn:aws:firehose:us-east-1:123456789012:deliverystream/logs",
        "Content-Type" => "application/json",
        _ => StringValues.Empty,
    };

    public bool TryRaiseMaxBodySize(long maxBodySize) => true;

    public FirehoseBodyReadFailure ClassifyBodyReadFailure(Exception exception) => FirehoseBodyReadFailure.None;
}
