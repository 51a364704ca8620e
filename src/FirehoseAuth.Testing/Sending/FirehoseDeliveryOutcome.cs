using System.Text;

namespace FirehoseAuth.Testing;

/// <summary>Every attempt of one delivery and how it ended.</summary>
public sealed class FirehoseDeliveryOutcome
{
    internal FirehoseDeliveryOutcome(string requestId, FirehoseDeliveryVerdict verdict, IReadOnlyList<FirehoseAttempt> attempts, TimeSpan elapsed)
    {
        RequestId = requestId;
        Verdict = verdict;
        Attempts = attempts;
        Elapsed = elapsed;
    }

    /// <summary>Gets the delivery's request id (the same in every attempt).</summary>
    public string RequestId { get; }

    /// <summary>Gets how the delivery ended.</summary>
    public FirehoseDeliveryVerdict Verdict { get; }

    /// <summary>Gets every attempt, in order; at least one.</summary>
    public IReadOnlyList<FirehoseAttempt> Attempts { get; }

    /// <summary>Gets the time from the first attempt's start to the last attempt's end, by the sender's clock.</summary>
    public TimeSpan Elapsed { get; }

    /// <summary>Gets a value indicating whether the delivery was delivered.</summary>
    public bool IsDelivered => Verdict == FirehoseDeliveryVerdict.Delivered;

    /// <summary>A multi-line summary: the verdict, then one line per attempt with its violations; never an access key.</summary>
    /// <returns>The summary.</returns>
    public override string ToString()
    {
        var text = new StringBuilder();
        text.Append(System.Globalization.CultureInfo.InvariantCulture, $"{RequestId}: {Verdict} after {Attempts.Count} attempt(s)");
        foreach (var attempt in Attempts)
        {
            text.AppendLine().Append("  ").Append(attempt);
            foreach (var violation in attempt.Violations)
            {
                text.AppendLine().Append("    - ").Append(violation.Message);
            }
        }

        return text.ToString();
    }
}
