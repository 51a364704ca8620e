namespace FirehoseAuth.Simulator;

/// <summary>What status a case must get; each returns the reason for a wrong one, or <see langword="null"/>.</summary>
internal static class StatusExpectation
{
    private const string DataLoss = "413 is permanent for Firehose: no retry, no S3 backup, the data is lost";

    public static string? Delivered(int status) => status switch
    {
        200 => null,
        413 => $"A legal delivery was answered 413 ({DataLoss}).",
        _ => $"A legal delivery was answered {status}; it must be answered 200.",
    };

    /// <summary>
    /// The request must be refused with exactly <paramref name="expected"/> (the status the specification and the
    /// case's description name). <paramref name="accepted"/> says what a 2xx answer means, for example "the receiver
    /// accepted a wrong key"; by default "as if accepted".
    /// </summary>
    public static Func<int, string?> Refused(int expected, string what, string? accepted = null) => status => status switch
    {
        _ when status == expected => null,
        413 => $"{what} was answered 413 ({DataLoss}); it should be {expected}.",
        >= 200 and < 300 => accepted is null
            ? $"{what} was answered {status}, as if accepted; it must be refused with {expected}."
            : $"{what} was answered {status}: {accepted}; it must be refused with {expected}.",
        >= 500 => $"{what} was answered {status}; it must be refused with {expected}, not a server error.",
        _ => $"{what} was answered {status}; it must be refused with {expected}.",
    };
}
