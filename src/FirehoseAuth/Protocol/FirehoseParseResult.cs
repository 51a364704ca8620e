namespace FirehoseAuth.Protocol;

/// <summary>
/// The outcome of parsing one delivery: either a <see cref="FirehoseDelivery"/> (which the caller must dispose)
/// or a <see cref="FirehoseError"/>. Only <see cref="FirehoseRequestParser"/> makes them; a <see langword="default"/>
/// instance is neither, and reading its <see cref="Error"/> throws rather than report a failure with no error.
/// </summary>
public readonly struct FirehoseParseResult
{
    private readonly FirehoseError? _error;

    private FirehoseParseResult(FirehoseDelivery? delivery, FirehoseError? error)
    {
        Delivery = delivery;
        _error = error;
    }

    /// <summary>Gets the parsed delivery, or <see langword="null"/> when parsing failed.</summary>
    public FirehoseDelivery? Delivery { get; }

    /// <summary>Gets the error, or <see langword="null"/> when parsing succeeded.</summary>
    /// <exception cref="InvalidOperationException">This instance is <see langword="default"/>: no parser produced it.</exception>
    public FirehoseError? Error => _error ?? (Delivery is null
        ? throw new InvalidOperationException("This FirehoseParseResult is default: it was not produced by FirehoseRequestParser.")
        : null);

    /// <summary>Gets a value indicating whether parsing succeeded.</summary>
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
