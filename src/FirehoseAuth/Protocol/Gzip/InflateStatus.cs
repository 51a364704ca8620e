namespace FirehoseAuth.Protocol;

/// <summary>The outcome of <see cref="GzipInflater.Inflate{TSink}"/>: each caller maps it to its own answer.</summary>
internal enum InflateStatus
{
    /// <summary>The input was gunzipped.</summary>
    Ok,

    /// <summary>The output exceeds its cap, or the sink had no more room.</summary>
    TooLarge,

    /// <summary>The input is not a complete, valid gzip stream.</summary>
    Corrupt,
}
