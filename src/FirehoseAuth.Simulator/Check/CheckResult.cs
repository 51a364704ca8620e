namespace FirehoseAuth.Simulator;

/// <summary>One case's result: PASS when <see cref="Reasons"/> is empty.</summary>
internal sealed record CheckResult(string Name, string Description, int? StatusCode, IReadOnlyList<string> Reasons, TimeSpan Elapsed)
{
    public bool Passed => Reasons.Count == 0;
}
