namespace FirehoseAuth.Authentication;

/// <summary>
/// The outcome of validating the <c>X-Amz-Firehose-Access-Key</c> header of one delivery.
/// </summary>
public enum AccessKeyValidationResult
{
    /// <summary>No key set has been loaded yet; answer 503 so Firehose retries. Never treated as valid.</summary>
    Unavailable = 0,

    /// <summary>The header is absent or empty (401).</summary>
    Missing,

    /// <summary>The key matches no active key (401).</summary>
    Invalid,

    /// <summary>The key matches the current key.</summary>
    ValidCurrent,

    /// <summary>The key matches the previous key, inside its rotation window.</summary>
    ValidPrevious,
}
