namespace FirehoseAuth.Protocol;

/// <summary>
/// The one table that maps every error class to the HTTP status Firehose must receive.
/// </summary>
/// <remarks>
/// Firehose treats only 200 as success and retries every other status, then backs the batch up to S3 —
/// except 413, which it treats as permanent. 413 is therefore reserved for limits an operator lowered on purpose.
/// </remarks>
internal static class FirehoseStatusCodes
{
    public static int For(FirehoseErrorCode code) => code switch
    {
        FirehoseErrorCode.MalformedBody => 400,
        FirehoseErrorCode.InvalidRecordData => 400,
        FirehoseErrorCode.MissingRequestId => 400,
        FirehoseErrorCode.RequestIdMismatch => 400,
        FirehoseErrorCode.InvalidTimestamp => 400,
        FirehoseErrorCode.MissingRecords => 400,
        FirehoseErrorCode.InvalidCommonAttributes => 400,
        FirehoseErrorCode.InvalidContentEncoding => 400,
        FirehoseErrorCode.PayloadTooLarge => 413,
        FirehoseErrorCode.MissingAccessKey => 401,
        FirehoseErrorCode.InvalidAccessKey => 401,
        FirehoseErrorCode.SourceArnNotAllowed => 403,
        FirehoseErrorCode.MethodNotAllowed => 405,
        FirehoseErrorCode.UnsupportedMediaType => 415,
        FirehoseErrorCode.HandlerFailed => 500,
        FirehoseErrorCode.KeysUnavailable => 503,
        _ => throw new ArgumentOutOfRangeException(nameof(code), code, "Unknown Firehose error code."),
    };
}
