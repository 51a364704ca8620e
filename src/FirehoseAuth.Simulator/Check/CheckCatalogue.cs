using System.Globalization;
using System.Text;
using FirehoseAuth.Protocol;
using FirehoseAuth.Testing;

namespace FirehoseAuth.Simulator;

/// <summary>The protocol cases <c>firehose-sim check</c> runs, in order.</summary>
internal static class CheckCatalogue
{
    /// <summary>46 records of 1,024,000 bytes: a body of 62.8 MB (59.9 MiB), under Firehose's 64 MiB.</summary>
    public const int LargeBodyRecords = 46;

    public static IReadOnlyList<CheckCase> All { get; } =
    [
        new("basic", "3 records (text, binary, non-ASCII UTF-8) with common attributes: 200", (c, ct) =>
            CaseRunner.DeliverAsync(c, new SimulatedDelivery(Basic()) { CommonAttributes = new Dictionary<string, string> { ["env"] = "check", ["team"] = "firehose-sim" } }, ct)),
        new("gzip", "the same, gzip'd with Content-Encoding: gzip: 200", (c, ct) =>
            CaseRunner.DeliverAsync(c, new SimulatedDelivery(Basic()) { Gzip = true }, ct)),
        new("gzip-uppercase", "Content-Encoding: GZIP (content codings are case-insensitive): 200", (c, ct) => GzipVariantAsync(c, "GZIP", ct)),
        new("gzip-mixed-case", "Content-Encoding: Gzip: 200", (c, ct) => GzipVariantAsync(c, "Gzip", ct)),
        new("empty-record", "a record with empty data (\"data\":\"\") is legal: 200", (c, ct) =>
            CaseRunner.DeliverAsync(c, new SimulatedDelivery([ReadOnlyMemory<byte>.Empty]), ct)),
        new("10000-records", "10,000 records, Firehose's maximum: 200", (c, ct) =>
            CaseRunner.DeliverAsync(c, new SimulatedDelivery(Enumerable.Range(0, FirehoseParserOptions.FirehoseMaxRecordCount).Select(i => (ReadOnlyMemory<byte>)Encoding.UTF8.GetBytes(i.ToString(CultureInfo.InvariantCulture))).ToArray()), ct)),
        new("max-record", "one record of 1,024,000 bytes, Firehose's maximum: 200", (c, ct) =>
            CaseRunner.DeliverAsync(c, new SimulatedDelivery([(ReadOnlyMemory<byte>)MaxRecord()]), ct)),
        new("60mib-body", "46 records of 1,024,000 bytes, a 59.9 MiB body (Firehose sends up to 64 MiB): 200", LargeBodyAsync),
        new("wrong-key", "a wrong access key with a 64 MiB body held back: 401 before the body is sent", (c, ct) => KeyCases.UnauthenticatedAsync(c, "wrong-" + c.Key, ct)),
        new("wrong-key-complete-body", "a wrong access key with a small complete body: 401", KeyCases.WrongKeyCompleteBodyAsync),
        new("missing-key", "no access key with a 64 MiB body held back: 401 before the body is sent", (c, ct) => KeyCases.UnauthenticatedAsync(c, null, ct)),
        new("request-id-mismatch", "the body's requestId differs from the header's: 400", (c, ct) =>
        {
            var delivery = new SimulatedDelivery(Basic());
            var headerId = Guid.NewGuid().ToString();
            var request = CaseRunner.WithRequestIdHeader(delivery.CreateRequest(c.Url, c.Key), headerId);
            return CaseRunner.SendAsync(c, request, headerId, StatusExpectation.Refused(400, "A delivery whose body and header request ids differ"), ct);
        }),
        new("bad-base64", "a record whose data is not base64: 400", (c, ct) =>
        {
            var delivery = new SimulatedDelivery(Basic());
            var body = Encoding.UTF8.GetBytes($"{{\"requestId\":\"{delivery.RequestId}\",\"timestamp\":{delivery.Timestamp.ToUnixTimeMilliseconds()},\"records\":[{{\"data\":\"aGVsbG8=\"}},{{\"data\":\"not base64!\"}}]}}");
            return CaseRunner.SendAsync(c, CaseRunner.WithBody(delivery.CreateRequest(c.Url, c.Key), body), delivery.RequestId, StatusExpectation.Refused(400, "A delivery with a record that is not base64"), ct);
        }),
        new("unsupported-encoding", "Content-Encoding: br, which Firehose never sends: 415", (c, ct) =>
        {
            var delivery = new SimulatedDelivery(Basic());
            var request = CaseRunner.WithBody(delivery.CreateRequest(c.Url, c.Key), delivery.Json.ToArray(), "br");
            return CaseRunner.SendAsync(c, request, delivery.RequestId, StatusExpectation.Refused(415, "A body with Content-Encoding: br"), ct);
        }),
        new("method-get", "GET with the Firehose headers: 405", (c, ct) =>
        {
            var delivery = new SimulatedDelivery(Basic());
            var request = delivery.CreateRequest(c.Url, c.Key);
            request.Method = HttpMethod.Get;
            request.Content = null;
            return CaseRunner.SendAsync(c, request, delivery.RequestId, StatusExpectation.Refused(405, "A GET"), ct);
        }),
    ];

    public static async Task<IReadOnlyList<CheckResult>> RunAsync(CheckContext context, Action<CheckResult>? onResult, CancellationToken cancellationToken)
    {
        var results = new List<CheckResult>();
        foreach (var check in All)
        {
            var started = TimeProvider.System.GetTimestamp();
            CaseVerdict verdict;
            try
            {
                verdict = await check.Run(context, cancellationToken).ConfigureAwait(false);
            }
            catch (Exception ex) when (ex is not OperationCanceledException || !cancellationToken.IsCancellationRequested)
            {
                verdict = new CaseVerdict(null, [$"The case could not run: {ex.GetType().Name}: {ex.Message}"]);
            }

            var result = new CheckResult(check.Name, check.Description, verdict.StatusCode, verdict.Reasons, TimeProvider.System.GetElapsedTime(started));
            results.Add(result);
            onResult?.Invoke(result);
        }

        return results;
    }

    private static IReadOnlyList<ReadOnlyMemory<byte>> Basic() =>
        [Encoding.UTF8.GetBytes("hello world"), new byte[] { 0x00, 0xFF, 0x10, 0x80 }, Encoding.UTF8.GetBytes("{\"msg\":\"ünïcödé ✓\"}\n")];

    private static byte[] MaxRecord()
    {
        var record = new byte[FirehoseParserOptions.FirehoseMaxRecordSize];
        new Random(17).NextBytes(record);
        return record;
    }

    private static async Task<CaseVerdict> LargeBodyAsync(CheckContext context, CancellationToken cancellationToken)
    {
        var delivery = new SimulatedDelivery(Enumerable.Repeat((ReadOnlyMemory<byte>)MaxRecord(), LargeBodyRecords).ToArray());
        var verdict = await CaseRunner.DeliverAsync(context, delivery, cancellationToken).ConfigureAwait(false);
        if (verdict.StatusCode is not null)
        {
            return verdict;
        }

        // The connection broke mid-body, so the answer (if any) was lost. Ask again with Expect: 100-continue, which
        // lets the receiver answer before the body is sent, to say what it refused the body with.
        var request = delivery.CreateRequest(context.Url, context.Key);
        request.Headers.ExpectContinue = true;
        var second = await CaseRunner.SendAsync(context, request, delivery.RequestId, StatusExpectation.Delivered, cancellationToken).ConfigureAwait(false);
        return new CaseVerdict(second.StatusCode, [.. verdict.Reasons, .. second.Reasons.Select(r => "Asked again with Expect: 100-continue: " + r)]);
    }

    private static Task<CaseVerdict> GzipVariantAsync(CheckContext context, string encoding, CancellationToken cancellationToken)
    {
        var delivery = new SimulatedDelivery(Basic()) { Gzip = true };
        var request = CaseRunner.WithBody(delivery.CreateRequest(context.Url, context.Key), delivery.Body.ToArray(), encoding);
        return CaseRunner.SendAsync(context, request, delivery.RequestId, StatusExpectation.Delivered, cancellationToken);
    }
}
