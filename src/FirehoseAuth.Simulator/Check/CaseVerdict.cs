namespace FirehoseAuth.Simulator;

/// <summary>The status a case got (if any) and the reasons it failed (none on PASS).</summary>
internal sealed record CaseVerdict(int? StatusCode, IReadOnlyList<string> Reasons);
