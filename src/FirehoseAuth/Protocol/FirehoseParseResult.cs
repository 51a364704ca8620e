namespace FirehoseAuth.Protocol;

/// <summary>
/// The outcome of parsing one delivery: either a <see cref="FirehoseDelivery"/> (which the caller must dispose)
/// or a <see cref="FirehoseError"/>. Only <see cref="FirehoseRequestParser"/> makes them.
/// </summary>
/// <remarks>
/// A <see langword="default"/> instance is neither a success nor a failure: every member throws
/// <see cref="InvalidOperationException"/> on it, so that it can never be read as a failure with no error (or as a
/// success with no delivery).
/// </remarks>
public readonly struct FirehoseParseResult
{
    private const string DefaultMessage = "This FirehoseParseResult is default: it was not produced by FirehoseRequestParser.";

    private readonly FirehoseDelivery? _delivery;
    private readonly FirehoseError? _error;

    private FirehoseParseResult(FirehoseDelivery? delivery, FirehoseError? error)
    {
        _delivery = delivery;
        _error = error;
    }

    /// <summary>Gets the parsed delivery, or <see langword="null"/> when parsing failed.</summary>
    /// <exception cref="InvalidOperationException">This instance is <see langword="default"/>: no parser produced it.</exception>
    public FirehoseDelivery? Delivery => _delivery ?? (_error is null ? throw new InvalidOperationException(DefaultMessage) : null);

    /// <summary>Gets the error, or <see langword="null"/> when parsing succeeded.</summary>
    /// <exception cref="InvalidOperationException">This instance is <see langword="default"/>: no parser produced it.</exception>
    public FirehoseError? Error => _error ?? (_delivery is null ? throw new InvalidOperationException(DefaultMessage) : null);

    /// <summary>Gets a value indicating whether parsing succeeded.</summary>
    /// <exception cref="InvalidOperationException">This instance is <see langword="default"/>: no parser produced it.</exception>
    [System.Diagnostics.CodeAnalysis.MemberNotNullWhen(true, nameof(Delivery))]
    [System.Diagnostics.CodeAnalysis.MemberNotNullWhen(false, nameof(Error))]
    public bool Succeeded => Delivery is not null;

    /// <summary>Creates a successful result.</summary>
    /// <param name="delivery">The parsed delivery.</param>
    /// <returns>The result.</returns>
    internal static FirehoseParseResult Success(FirehoseDelivery delivery)
    {
        ArgumentNullException.ThrowIfNull(delivery);
        return new(delivery, null);
    }

    /// <summary>Creates a failed result.</summary>
    /// <param name="error">The error.</param>
    /// <returns>The result.</returns>
    internal static FirehoseParseResult Failure(FirehoseError error)
    {
        ArgumentNullException.ThrowIfNull(error);
        return new(null, error);
    }
}
