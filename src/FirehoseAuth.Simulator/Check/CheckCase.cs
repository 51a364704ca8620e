namespace FirehoseAuth.Simulator;

/// <summary>One protocol case: builds its request(s), sends, and says what was wrong (nothing on PASS).</summary>
internal sealed record CheckCase(string Name, string Description, Func<CheckContext, CancellationToken, Task<CaseVerdict>> Run);
