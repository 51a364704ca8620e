namespace FirehoseAuth.Protocol;

/// <summary>The outcome of gunzipping a body.</summary>
internal enum InflateStatus
{
    /// <summary>The body was gunzipped.</summary>
    Ok,

    /// <summary>The decompressed body exceeds its limit.</summary>
    TooLarge,

    /// <summary>The body is not a complete, valid gzip stream.</summary>
    Corrupt,
}
