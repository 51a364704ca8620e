namespace FirehoseAuth.Testing;

/// <summary>One attempt of a delivery: when it started, what key it carried, and what came back.</summary>
public sealed class FirehoseAttempt
{
    internal FirehoseAttempt(int number, TimeSpan delayBefore, DateTimeOffset startedAt, TimeSpan latency, string? accessKey, FirehoseResponseJudgement judgement)
    {
        Number = number;
        DelayBefore = delayBefore;
        StartedAt = startedAt;
        Latency = latency;
        AccessKey = accessKey;
        Judgement = judgement;
    }

    /// <summary>Gets the attempt's number, 1 for the first.</summary>
    public int Number { get; }

    /// <summary>Gets the backoff waited before this attempt (zero for the first).</summary>
    public TimeSpan DelayBefore { get; }

    /// <summary>Gets when the attempt started, by the sender's clock.</summary>
    public DateTimeOffset StartedAt { get; }

    /// <summary>Gets the time from sending the request to the end of the response (or the timeout).</summary>
    public TimeSpan Latency { get; }

    /// <summary>Gets the access key the attempt carried (<see langword="null"/> when none). Never part of <see cref="ToString"/>.</summary>
    public string? AccessKey { get; }

    /// <summary>Gets the judgement of the response.</summary>
    public FirehoseResponseJudgement Judgement { get; }

    /// <summary>Gets the status code, or <see langword="null"/> when no response arrived.</summary>
    public int? StatusCode => Judgement.StatusCode;

    /// <summary>Gets the response's violations of the specification, one sentence each.</summary>
    public IReadOnlyList<FirehoseResponseViolation> Violations => Judgement.Violations;

    /// <summary>Gets a value indicating whether Firehose would count this attempt as delivered.</summary>
    public bool Succeeded => Judgement.IsSuccess;

    /// <summary>A one-line summary, without the access key.</summary>
    /// <returns>For example <c>attempt 2 after 1.1 s: 401 in 3 ms, 0 violations</c>.</returns>
    public override string ToString() =>
        $"attempt {Number} after {DelayBefore.TotalSeconds:0.###} s: {(StatusCode?.ToString(System.Globalization.CultureInfo.InvariantCulture) ?? "no response")} in {Latency.TotalMilliseconds:0} ms, {Violations.Count} violations";
}
