using FirehoseAuth;

namespace FirehoseReceiver;

/// <summary>
/// The delivery streams the receiver serves: the default one (section <c>FirehoseAuth</c>) at <c>/firehose</c>, and
/// one per child section <c>FirehoseAuth:Streams:{name}</c> (a complete set of the same settings) at
/// <c>/firehose/{name}</c>, whose NDJSON lines carry <c>"stream":"{name}"</c>. Each stream's
/// <c>Deduplication</c> settings apply as in any host; a Redis store is configured once, under
/// <c>FirehoseAuth:Deduplication:Redis</c>. Each stream's record format is a receiver setting
/// (<see cref="ReceiverFormats"/>): <c>Receiver:RecordFormat</c>, or <c>Receiver:Streams:{name}:RecordFormat</c>.
/// </summary>
internal static class ReceiverStreams
{
    public const string Path = "/firehose";

    /// <summary>Registers every configured stream and returns the named ones.</summary>
    public static IReadOnlyList<string> Add(IServiceCollection services, IConfiguration configuration)
    {
        var section = configuration.GetSection("FirehoseAuth");
        services.AddFirehoseAuth(section);
        var names = section.GetSection("Streams").GetChildren().Select(s => s.Key).ToList();
        foreach (var name in names)
        {
            services.AddFirehoseAuth(name, section.GetSection("Streams").GetSection(name));
        }

        // One Redis ledger for every stream whose Deduplication:Store is Redis (FirehoseAuth:Deduplication:Redis).
        var redis = section.GetSection("Deduplication:Redis");
        if (redis.Exists())
        {
            services.AddFirehoseAuthRedisDeduplication(redis);
        }

        return names;
    }

    /// <summary>
    /// Maps the default stream and every named one, writing their records to <paramref name="output"/> in each stream's
    /// record format (decoded under the stream's own limits).
    /// </summary>
    public static void Map(WebApplication app, IReadOnlyList<string> names, NdjsonRecordWriter output, ReceiverFormats formats)
    {
        var services = app.Services;
        var fallback = new StreamOutput(output, null, formats.Default, () => services.GetFirehoseStreamOptions(FirehoseAuthOptions.DefaultStreamName).Limits);
        app.MapFirehoseEndpoint(Path, fallback.WriteAsync);
        foreach (var name in names)
        {
            var stream = new StreamOutput(output, name, formats.For(name), () => services.GetFirehoseStreamOptions(name).Limits);
            app.MapFirehoseEndpoint($"{Path}/{name}", name, stream.WriteAsync);
        }
    }
}
