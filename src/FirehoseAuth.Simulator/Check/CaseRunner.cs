using System.Net.Http.Headers;
using FirehoseAuth.Protocol;
using FirehoseAuth.Testing;

namespace FirehoseAuth.Simulator;

/// <summary>Sends one request of a case and judges the answer: its status and every response rule.</summary>
internal static class CaseRunner
{
    /// <summary>A legal delivery, sent once by <see cref="FirehoseSender"/> (no retry): must be delivered.</summary>
    public static async Task<CaseVerdict> DeliverAsync(CheckContext context, SimulatedDelivery delivery, CancellationToken cancellationToken)
    {
        var sender = new FirehoseSender(context.Client, context.Url, _ => context.Key, new FirehoseSenderOptions { RetryDuration = TimeSpan.Zero, ResponseTimeout = context.ResponseTimeout });
        var outcome = await sender.SendAsync(delivery, cancellationToken).ConfigureAwait(false);
        var attempt = outcome.Attempts[0];
        var reasons = new List<string>();
        if (attempt.StatusCode is { } status && StatusExpectation.Delivered(status) is { } wrong)
        {
            reasons.Add(wrong + Detail(attempt.Judgement.ErrorMessage));
        }

        reasons.AddRange(attempt.Violations.Select(v => v.Message));
        return new CaseVerdict(attempt.StatusCode, reasons);
    }

    /// <summary>Any request, sent once: the status must pass <paramref name="expectation"/> and the answer every rule.</summary>
    public static async Task<CaseVerdict> SendAsync(CheckContext context, HttpRequestMessage request, string requestId, Func<int, string?> expectation, CancellationToken cancellationToken)
    {
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        timeout.CancelAfter(context.ResponseTimeout);
        FirehoseResponseJudgement judgement;
        try
        {
            using (request)
            {
                using var response = await context.Client.SendAsync(request, HttpCompletionOption.ResponseHeadersRead, timeout.Token).ConfigureAwait(false);
                judgement = await FirehoseResponseJudge.JudgeAsync(response, requestId, DateTimeOffset.UtcNow, cancellationToken: timeout.Token).ConfigureAwait(false);
            }
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            return new CaseVerdict(null, [$"No answer within {context.ResponseTimeout.TotalSeconds:0} s."]);
        }
        catch (HttpRequestException ex)
        {
            return new CaseVerdict(null, [$"The connection failed before a complete response ({ex.Message}); a receiver that refuses a large body while it is being sent (for example with a default 30 MB limit) looks like this."]);
        }

        return Verdict(judgement, expectation);
    }

    public static CaseVerdict Verdict(FirehoseResponseJudgement judgement, Func<int, string?> expectation)
    {
        var reasons = new List<string>();
        if (judgement.StatusCode is { } status && expectation(status) is { } wrong)
        {
            reasons.Add(wrong + Detail(judgement.ErrorMessage));
        }

        reasons.AddRange(judgement.Violations.Select(v => v.Message));
        return new CaseVerdict(judgement.StatusCode, reasons);
    }

    /// <summary>Replaces the request's body, keeping its headers (Content-Type: application/json).</summary>
    public static HttpRequestMessage WithBody(HttpRequestMessage request, byte[] body, string? contentEncoding = null)
    {
        var content = new ByteArrayContent(body);
        content.Headers.ContentType = new MediaTypeHeaderValue("application/json");
        if (contentEncoding is not null)
        {
            content.Headers.TryAddWithoutValidation("Content-Encoding", contentEncoding);
        }

        request.Content?.Dispose();
        request.Content = content;
        return request;
    }

    public static HttpRequestMessage WithRequestIdHeader(HttpRequestMessage request, string requestId)
    {
        request.Headers.Remove(FirehoseHeaderNames.RequestId);
        request.Headers.TryAddWithoutValidation(FirehoseHeaderNames.RequestId, requestId);
        return request;
    }

    private static string Detail(string? errorMessage) =>
        string.IsNullOrEmpty(errorMessage) ? string.Empty : $" (errorMessage: \"{(errorMessage.Length > 200 ? errorMessage[..200] + "…" : errorMessage)}\")";
}
