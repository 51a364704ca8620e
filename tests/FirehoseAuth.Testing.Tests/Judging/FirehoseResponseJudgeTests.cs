using FirehoseAuth.Testing.Tests.Infrastructure;

namespace FirehoseAuth.Testing.Tests.Judging;

/// <summary>Each response rule, broken on purpose by a raw receiver on loopback, is caught with a sentence that says so.</summary>
public sealed class FirehoseResponseJudgeTests
{
    public static TheoryData<string, FirehoseResponseRule, string> Broken => new()
    {
        { "chunked", FirehoseResponseRule.ContentLength, "chunked" },
        { "seconds", FirehoseResponseRule.Timestamp, "in seconds" },
        { "gzip-encoding", FirehoseResponseRule.ContentEncoding, "Content-Encoding" },
        { "wrong-request-id", FirehoseResponseRule.RequestId, "is not the request's" },
        { "text-plain", FirehoseResponseRule.ContentType, "text/plain" },
        { "status-204", FirehoseResponseRule.Status, "only 200" },
        { "fractional-timestamp", FirehoseResponseRule.Timestamp, "not an integer" },
        { "long-error", FirehoseResponseRule.ErrorMessage, "8192" },
        { "not-json", FirehoseResponseRule.Json, "not valid JSON" },
        { "short-body", FirehoseResponseRule.ContentLength, "ended before its Content-Length" },
        { "too-large", FirehoseResponseRule.BodySize, "1048576" },
    };

    [Theory]
    [MemberData(nameof(Broken))]
    public async Task A_broken_response_is_a_failed_attempt_with_the_rule_named(string kind, FirehoseResponseRule rule, string sentence)
    {
        await using var receiver = new CannedReceiver(id => Answer(kind, id));
        using var client = new HttpClient { Timeout = Timeout.InfiniteTimeSpan };
        var sender = new FirehoseSender(client, receiver.Url, _ => "key", new FirehoseSenderOptions { RetryDuration = TimeSpan.Zero });

        var outcome = await sender.SendRecordsAsync(FirehoseRecords.FromStrings("hello"));

        Assert.Equal(FirehoseDeliveryVerdict.FailedAfterRetries, outcome.Verdict);
        var violation = Assert.Single(outcome.Attempts[0].Violations, v => v.Rule == rule);
        Assert.Contains(sentence, violation.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_well_formed_200_is_delivered_with_no_violation()
    {
        await using var receiver = new CannedReceiver(id => CannedReceiver.Response(200, "Content-Type: application/json\r\n", CannedReceiver.Json(id, CannedReceiver.Now)));
        using var client = new HttpClient { Timeout = Timeout.InfiniteTimeSpan };
        var sender = new FirehoseSender(client, receiver.Url, _ => "key");

        var outcome = await sender.SendRecordsAsync(FirehoseRecords.FromStrings("hello"));

        Assert.Equal(FirehoseDeliveryVerdict.Delivered, outcome.Verdict);
        Assert.Empty(Assert.Single(outcome.Attempts).Violations);
    }

    private static string Answer(string kind, string id)
    {
        const string Json = "Content-Type: application/json\r\n";
        return kind switch
        {
            "chunked" => CannedReceiver.Response(200, Json + "Transfer-Encoding: chunked\r\n", Chunk(CannedReceiver.Json(id, CannedReceiver.Now))),
            "seconds" => CannedReceiver.Response(200, Json, CannedReceiver.Json(id, DateTimeOffset.UtcNow.ToUnixTimeSeconds().ToString(System.Globalization.CultureInfo.InvariantCulture))),
            "gzip-encoding" => CannedReceiver.Response(200, Json + "Content-Encoding: identity, gzip\r\n", CannedReceiver.Json(id, CannedReceiver.Now)),
            "wrong-request-id" => CannedReceiver.Response(200, Json, CannedReceiver.Json(Guid.NewGuid().ToString(), CannedReceiver.Now)),
            "text-plain" => CannedReceiver.Response(200, "Content-Type: text/plain\r\n", CannedReceiver.Json(id, CannedReceiver.Now)),
            "status-204" => CannedReceiver.Response(204, Json, ""),
            "fractional-timestamp" => CannedReceiver.Response(200, Json, CannedReceiver.Json(id, CannedReceiver.Now + ".5")),
            "long-error" => CannedReceiver.Response(500, Json, $"{{\"requestId\":\"{id}\",\"timestamp\":{CannedReceiver.Now},\"errorMessage\":\"{new string('x', 8193)}\"}}"),
            "not-json" => CannedReceiver.Response(200, Json, "OK"),
            "short-body" => CannedReceiver.Response(200, Json + "Content-Length: 500\r\n", CannedReceiver.Json(id, CannedReceiver.Now)),
            "too-large" => CannedReceiver.Response(200, Json, CannedReceiver.Json(id, CannedReceiver.Now) + new string(' ', 1024 * 1024)),
            _ => throw new ArgumentOutOfRangeException(nameof(kind)),
        };
    }

    private static string Chunk(string body) => $"{System.Text.Encoding.UTF8.GetByteCount(body):x}\r\n{body}\r\n0\r\n\r\n";
}
