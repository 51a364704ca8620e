namespace FirehoseAuth.Testing;

/// <summary>One way a response broke Firehose's response specification, in one plain sentence.</summary>
public sealed class FirehoseResponseViolation
{
    /// <summary>Creates a violation.</summary>
    /// <param name="rule">The rule broken.</param>
    /// <param name="message">One sentence saying what was wrong.</param>
    public FirehoseResponseViolation(FirehoseResponseRule rule, string message)
    {
        ArgumentNullException.ThrowIfNull(message);
        Rule = rule;
        Message = message;
    }

    /// <summary>Gets the rule broken.</summary>
    public FirehoseResponseRule Rule { get; }

    /// <summary>Gets one sentence saying what was wrong.</summary>
    public string Message { get; }

    /// <inheritdoc/>
    public override string ToString() => Message;
}
