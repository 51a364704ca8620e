namespace FirehoseAuth.Testing;

/// <summary>What <see cref="FirehoseResponseJudge"/> found in one response.</summary>
public sealed class FirehoseResponseJudgement
{
    internal FirehoseResponseJudgement(int? statusCode, IReadOnlyList<FirehoseResponseViolation> violations, string? errorMessage)
    {
        StatusCode = statusCode;
        Violations = violations;
        ErrorMessage = errorMessage;
    }

    /// <summary>Gets the status code, or <see langword="null"/> when no response arrived.</summary>
    public int? StatusCode { get; }

    /// <summary>Gets every rule the response broke, one sentence each; empty for a well-formed response.</summary>
    public IReadOnlyList<FirehoseResponseViolation> Violations { get; }

    /// <summary>Gets the body's <c>errorMessage</c>, when it had one.</summary>
    public string? ErrorMessage { get; }

    /// <summary>Gets a value indicating whether Firehose would count the delivery as delivered: 200 and no violation.</summary>
    public bool IsSuccess => StatusCode == 200 && Violations.Count == 0;

    internal static FirehoseResponseJudgement NoResponse(FirehoseResponseRule rule, string message) =>
        new(null, [new FirehoseResponseViolation(rule, message)], null);
}
