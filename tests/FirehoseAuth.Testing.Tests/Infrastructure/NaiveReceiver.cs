using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;

namespace FirehoseAuth.Testing.Tests.Infrastructure;

/// <summary>
/// A receiver written the obvious way: a minimal API that binds the body with JsonSerializer, checks the key in the
/// handler (so after the body was read), decodes with Convert.FromBase64String, answers with Results.Json, default
/// body limit (30,000,000 bytes).
/// </summary>
public static class NaiveReceiver
{
    public const string Key = "naive-key";

    public static Task<LoopbackApp> StartAsync() => LoopbackApp.StartAsync(WebApplication.CreateBuilder(), app => app.MapPost("/firehose", (HttpRequest request, NaiveDelivery delivery) =>
    {
        var now = DateTimeOffset.UtcNow.ToUnixTimeMilliseconds();
        if (request.Headers["X-Amz-Firehose-Access-Key"] != Key)
        {
            return Results.Json(new NaiveAnswer(delivery.RequestId, now, "bad key"), statusCode: 401);
        }

        foreach (var record in delivery.Records)
        {
            _ = Convert.FromBase64String(record.Data);
        }

        return Results.Json(new NaiveAnswer(delivery.RequestId, now, null));
    }));

    public sealed record NaiveDelivery(string RequestId, long Timestamp, NaiveRecord[] Records);

    public sealed record NaiveRecord(string Data);

    public sealed record NaiveAnswer(string RequestId, long Timestamp, string? ErrorMessage);
}
