namespace FirehoseAuth.Authentication;

/// <summary>
/// Validates presented access keys against the provider's current <see cref="AccessKeySet"/> in constant time.
/// </summary>
public sealed class AccessKeyValidator
{
    // STUB: the Authentication implementation replaces these bodies.

    /// <summary>Initializes a new instance of the <see cref="AccessKeyValidator"/> class.</summary>
    /// <param name="provider">Publishes the key set in force.</param>
    /// <param name="timeProvider">The clock that decides whether the previous key's window has ended.</param>
    public AccessKeyValidator(IAccessKeySetProvider provider, TimeProvider timeProvider)
        => throw new NotImplementedException();

    /// <summary>Validates a presented key given as the header's string value.</summary>
    /// <param name="presentedKey">The header value, or <see langword="null"/> when absent.</param>
    /// <returns>The outcome.</returns>
    public AccessKeyValidationResult Validate(string? presentedKey) => throw new NotImplementedException();

    /// <summary>Validates a presented key given as characters.</summary>
    /// <param name="presentedKey">The header value; empty means missing.</param>
    /// <returns>The outcome.</returns>
    public AccessKeyValidationResult Validate(ReadOnlySpan<char> presentedKey) => throw new NotImplementedException();

    /// <summary>Validates a presented key given as raw UTF-8 bytes.</summary>
    /// <param name="presentedKeyUtf8">The header value's bytes; empty means missing.</param>
    /// <returns>The outcome.</returns>
    public AccessKeyValidationResult ValidateUtf8(ReadOnlySpan<byte> presentedKeyUtf8) => throw new NotImplementedException();
}
