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

    public static Func<int, string?> Refused(int expected, string what) => status => status switch
    {
        413 when expected != 413 => $"{what} was answered 413 ({DataLoss}); it should be {expected}.",
        >= 400 and < 500 => null,
        >= 200 and < 300 => $"{what} was answered {status}, as if accepted; it must be refused with {expected}.",
        _ => $"{what} was answered {status}; it must be refused with a 4xx ({expected}), not a server error.",
    };

    public static Func<int, string?> Exactly(int expected, string what) => status =>
        status == expected ? null : $"{what} was answered {status}; it must be {expected}.";
}
