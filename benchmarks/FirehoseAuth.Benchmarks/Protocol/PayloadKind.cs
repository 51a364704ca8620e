namespace FirehoseAuth.Benchmarks.Protocol;

/// <summary>What the records hold.</summary>
public enum PayloadKind
{
    /// <summary>Newline-separated JSON log lines (compressible).</summary>
    JsonLogLines,

    /// <summary>Random bytes (incompressible).</summary>
    RandomBytes,
}
