using System.IO.Compression;
using System.Text;
using System.Text.Json;

namespace FirehoseAuth.LoadTest;

/// <summary>
/// The receiver a team would write by hand: string compare of the key, <see cref="JsonSerializer"/> into POCOs,
/// <see cref="Convert.FromBase64String"/> per record, one NDJSON line per record on standard output. It is the
/// baseline of the end-to-end comparison, not an example to follow (it is not constant-time, has no limits, and
/// answers 200 to any Content-Type).
/// </summary>
internal static class NaiveReceiver
{
    private static readonly object OutputLock = new();

    public static async Task RunAsync(string urls, string key)
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.WebHost.UseUrls(urls);
        var app = builder.Build();
        app.MapGet("/healthz", () => "ok");
        app.MapPost("/firehose", async (HttpRequest request) =>
        {
            if (request.Headers["X-Amz-Firehose-Access-Key"] != key)
            {
                return Results.Unauthorized();
            }

            var body = request.Headers.ContentEncoding == "gzip" ? new GZipStream(request.Body, CompressionMode.Decompress) : request.Body;
            var delivery = await JsonSerializer.DeserializeAsync<NaiveDelivery>(body);
            var lines = new StringBuilder();
            for (var i = 0; i < delivery!.Records.Count; i++)
            {
                var data = Encoding.UTF8.GetString(Convert.FromBase64String(delivery.Records[i].Data));
                lines.Append(JsonSerializer.Serialize(new NaiveLine(delivery.RequestId, i, data))).Append('\n');
            }

            lock (OutputLock)
            {
                Console.Out.Write(lines.ToString());
                Console.Out.Flush();
            }

            return Results.Json(new NaiveResponse(delivery.RequestId, DateTimeOffset.UtcNow.ToUnixTimeMilliseconds()));
        });
        await app.RunAsync();
    }

    private sealed record NaiveDelivery(
        [property: System.Text.Json.Serialization.JsonPropertyName("requestId")] string RequestId,
        [property: System.Text.Json.Serialization.JsonPropertyName("timestamp")] long Timestamp,
        [property: System.Text.Json.Serialization.JsonPropertyName("records")] List<NaiveRecord> Records);

    private sealed record NaiveRecord([property: System.Text.Json.Serialization.JsonPropertyName("data")] string Data);

    private sealed record NaiveLine(
        [property: System.Text.Json.Serialization.JsonPropertyName("requestId")] string RequestId,
        [property: System.Text.Json.Serialization.JsonPropertyName("index")] int Index,
        [property: System.Text.Json.Serialization.JsonPropertyName("data")] string Data);

    private sealed record NaiveResponse(
        [property: System.Text.Json.Serialization.JsonPropertyName("requestId")] string RequestId,
        [property: System.Text.Json.Serialization.JsonPropertyName("timestamp")] long Timestamp);
}
