using System.Globalization;
using System.Text;
using FirehoseAuth.Protocol;

namespace FirehoseAuth.Simulator;

/// <summary>
/// The wrong-key and missing-key cases: the request declares a 64 MiB body but only its first 64 KiB are sent; the
/// receiver must answer 401 (in the response format) without waiting for the rest. An answer within the wait proves
/// the decision did not need the body; silence means the receiver reads the body before checking the key, so anyone
/// can make it read 64 MiB per request without a key. A receiver that reads the body first and then accepts the key
/// cannot be told apart by that probe (it never answers), so <see cref="WrongKeyCompleteBodyAsync"/> sends a small
/// complete delivery with a wrong key, which such a receiver answers.
/// </summary>
internal static class KeyCases
{
    private const int PrefixBytes = 64 * 1024;

    public static async Task<CaseVerdict> UnauthenticatedAsync(CheckContext context, string? key, CancellationToken cancellationToken)
    {
        var requestId = Guid.NewGuid().ToString();
        var prefix = new byte[PrefixBytes];
        var open = Encoding.UTF8.GetBytes(string.Create(CultureInfo.InvariantCulture, $"{{\"requestId\":\"{requestId}\",\"timestamp\":{DateTimeOffset.UtcNow.ToUnixTimeMilliseconds()},\"records\":[{{\"data\":\""));
        open.CopyTo(prefix, 0);
        prefix.AsSpan(open.Length).Fill((byte)'A');

        var headers = new List<KeyValuePair<string, string>>
        {
            new("Content-Type", "application/json"),
            new(FirehoseHeaderNames.ProtocolVersion, "1.0"),
            new(FirehoseHeaderNames.RequestId, requestId),
            new(FirehoseHeaderNames.SourceArn, FirehoseAuth.Testing.SimulatedDelivery.DefaultSourceArn),
        };
        if (key is not null)
        {
            headers.Add(new(FirehoseHeaderNames.AccessKey, key));
        }

        var what = key is null ? "A delivery without an access key" : "A delivery with a wrong access key";
        var accepted = key is null ? "the receiver accepted a delivery without a key" : "the receiver accepted a wrong key";
        var probe = await RawHttpProbe.SendAsync(context.Url, headers, FirehoseParserOptions.FirehoseMaxBodySize, prefix, context.AnswerWait, cancellationToken).ConfigureAwait(false);
        if (probe.TimedOut)
        {
            return new CaseVerdict(null, [$"{what} got no answer within {context.AnswerWait.TotalSeconds:0.#} s while only {probe.BodyBytesSent:N0} of its declared {FirehoseParserOptions.FirehoseMaxBodySize:N0} body bytes had been sent: the receiver waits for (reads) the body before checking the key; it must answer 401 first."]);
        }

        if (probe.Response is not { } response)
        {
            return new CaseVerdict(null, [$"{what} got no answer: {probe.Failure}."]);
        }

        using (response)
        {
            var judgement = await FirehoseAuth.Testing.FirehoseResponseJudge.JudgeAsync(response, requestId, DateTimeOffset.UtcNow, cancellationToken: cancellationToken).ConfigureAwait(false);
            return CaseRunner.Verdict(judgement, StatusExpectation.Refused(401, what, accepted));
        }
    }

    /// <summary>A small, complete, otherwise legal delivery with a wrong key: must be answered exactly 401.</summary>
    public static Task<CaseVerdict> WrongKeyCompleteBodyAsync(CheckContext context, CancellationToken cancellationToken)
    {
        var delivery = new FirehoseAuth.Testing.SimulatedDelivery([Encoding.UTF8.GetBytes("wrong key, complete body")]);
        var request = delivery.CreateRequest(context.Url, "wrong-" + context.Key);
        var expectation = StatusExpectation.Refused(401, "A complete delivery with a wrong access key", "the receiver accepted a wrong key");
        return CaseRunner.SendAsync(context, request, delivery.RequestId, expectation, cancellationToken);
    }
}
