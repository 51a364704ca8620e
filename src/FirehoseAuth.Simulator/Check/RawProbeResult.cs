namespace FirehoseAuth.Simulator;

/// <summary>What <see cref="RawHttpProbe"/> saw: the response (if one came), how many body bytes had been sent, and why not.</summary>
internal sealed record RawProbeResult(HttpResponseMessage? Response, long BodyBytesSent, bool TimedOut, string? Failure);
