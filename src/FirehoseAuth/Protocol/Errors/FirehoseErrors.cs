using System.Globalization;

namespace FirehoseAuth.Protocol;

/// <summary>
/// The errors the parser returns. Fixed messages are cached (the error path allocates nothing for them); no message
/// ever contains header values or record data.
/// </summary>
internal static class FirehoseErrors
{
    public static readonly FirehoseError UnsupportedContentType = new(FirehoseErrorCode.UnsupportedMediaType, "Content-Type must be application/json.");
    public static readonly FirehoseError UnsupportedContentEncoding = new(FirehoseErrorCode.UnsupportedMediaType, "Content-Encoding must be gzip or identity.");
    public static readonly FirehoseError NegativeContentLength = new(FirehoseErrorCode.MalformedBody, "Content-Length is negative.");
    public static readonly FirehoseError ContentLengthTooLarge = new(FirehoseErrorCode.PayloadTooLarge, "Content-Length exceeds the configured body size limit.");
    public static readonly FirehoseError BodyTooLarge = new(FirehoseErrorCode.PayloadTooLarge, "The body exceeds the configured body size limit.");
    public static readonly FirehoseError DecompressedBodyTooLarge = new(FirehoseErrorCode.PayloadTooLarge, "The decompressed body exceeds the configured body size limit.");
    public static readonly FirehoseError BodyLongerThanContentLength = new(FirehoseErrorCode.MalformedBody, "The body is longer than its Content-Length.");
    public static readonly FirehoseError BodyShorterThanContentLength = new(FirehoseErrorCode.MalformedBody, "The body is shorter than its Content-Length (truncated).");
    public static readonly FirehoseError InvalidGzipBody = new(FirehoseErrorCode.InvalidContentEncoding, "The body is declared gzip but is not a complete, valid gzip stream.");
    public static readonly FirehoseError EmptyBody = new(FirehoseErrorCode.MalformedBody, "The body is empty.");
    public static readonly FirehoseError InvalidUtf8 = new(FirehoseErrorCode.MalformedBody, "The body is not valid UTF-8.");
    public static readonly FirehoseError RootNotObject = new(FirehoseErrorCode.MalformedBody, "The body must be a JSON object.");
    public static readonly FirehoseError DuplicateRequestId = new(FirehoseErrorCode.MalformedBody, "The body has more than one requestId.");
    public static readonly FirehoseError DuplicateTimestamp = new(FirehoseErrorCode.MalformedBody, "The body has more than one timestamp.");
    public static readonly FirehoseError DuplicateRecords = new(FirehoseErrorCode.MalformedBody, "The body has more than one records array.");
    public static readonly FirehoseError MissingRequestId = new(FirehoseErrorCode.MissingRequestId, "The body has no requestId.");
    public static readonly FirehoseError RequestIdNotString = new(FirehoseErrorCode.MissingRequestId, "The body's requestId must be a non-empty JSON string.");
    public static readonly FirehoseError RequestIdInvalidEscape = new(FirehoseErrorCode.MalformedBody, "The body's requestId holds an invalid escape sequence.");
    public static readonly FirehoseError RequestIdMismatch = new(FirehoseErrorCode.RequestIdMismatch, "The body's requestId differs from the X-Amz-Firehose-Request-Id header.");
    public static readonly FirehoseError MissingTimestamp = new(FirehoseErrorCode.InvalidTimestamp, "The body has no timestamp.");
    public static readonly FirehoseError TimestampNotInteger = new(FirehoseErrorCode.InvalidTimestamp, "The body's timestamp must be an integer (milliseconds since the Unix epoch).");
    public static readonly FirehoseError MissingRecords = new(FirehoseErrorCode.MissingRecords, "The body has no records array.");
    public static readonly FirehoseError RecordsNotArray = new(FirehoseErrorCode.MissingRecords, "The body's records must be a JSON array.");
    public static readonly FirehoseError EmptyRecords = new(FirehoseErrorCode.MissingRecords, "The body's records array is empty.");
    public static readonly FirehoseError TooManyRecords = new(FirehoseErrorCode.PayloadTooLarge, "The delivery has more records than the configured limit.");
    public static readonly FirehoseError InvalidCommonAttributes = new(FirehoseErrorCode.InvalidCommonAttributes, "X-Amz-Firehose-Common-Attributes must be {\"commonAttributes\":{...}} with string values.");
    public static readonly FirehoseError TooManyCommonAttributes = new(FirehoseErrorCode.InvalidCommonAttributes, string.Create(CultureInfo.InvariantCulture, $"X-Amz-Firehose-Common-Attributes has more than {CommonAttributesHeader.MaxEntries} entries."));
    public static readonly FirehoseError CommonAttributeNameLength = new(FirehoseErrorCode.InvalidCommonAttributes, string.Create(CultureInfo.InvariantCulture, $"A common attribute name must be 1 to {CommonAttributesHeader.MaxNameLength} characters long."));
    public static readonly FirehoseError CommonAttributeValueLength = new(FirehoseErrorCode.InvalidCommonAttributes, string.Create(CultureInfo.InvariantCulture, $"A common attribute value must be at most {CommonAttributesHeader.MaxValueLength} characters long."));
    public static readonly FirehoseError DuplicateCommonAttribute = new(FirehoseErrorCode.InvalidCommonAttributes, "X-Amz-Firehose-Common-Attributes names an attribute twice.");

    public static FirehoseError InvalidJson(long line, long bytePositionInLine)
        => new(FirehoseErrorCode.MalformedBody, string.Create(CultureInfo.InvariantCulture, $"The body is not a valid Firehose JSON document (line {line + 1}, byte {bytePositionInLine + 1})."));

    public static FirehoseError RecordNotObject(int index)
        => new(FirehoseErrorCode.MalformedBody, string.Create(CultureInfo.InvariantCulture, $"Record {index} is not a JSON object."));

    public static FirehoseError RecordWithoutData(int index)
        => new(FirehoseErrorCode.MalformedBody, string.Create(CultureInfo.InvariantCulture, $"Record {index} has no data."));

    public static FirehoseError DuplicateData(int index)
        => new(FirehoseErrorCode.MalformedBody, string.Create(CultureInfo.InvariantCulture, $"Record {index} has more than one data field."));

    public static FirehoseError DataNotString(int index)
        => new(FirehoseErrorCode.InvalidRecordData, string.Create(CultureInfo.InvariantCulture, $"Record {index}: data must be a base64 JSON string."));

    public static FirehoseError ForRecord(RecordStatus status, int index) => status switch
    {
        RecordStatus.InvalidBase64
            => new(FirehoseErrorCode.InvalidRecordData, string.Create(CultureInfo.InvariantCulture, $"Record {index}: data is not valid base64.")),
        RecordStatus.TooManyRecords => TooManyRecords,
        RecordStatus.RecordTooLarge
            => new(FirehoseErrorCode.PayloadTooLarge, string.Create(CultureInfo.InvariantCulture, $"Record {index} exceeds the configured record size limit.")),
        // 400, not 413: MaxDecompressedRecordSize is not a Firehose maximum, so a legal record can exceed it, and Firehose
        // drops a 413 for good while a 400 is retried and then backed up to S3.
        RecordStatus.DecompressedRecordTooLarge
            => new(FirehoseErrorCode.InvalidRecordData, string.Create(CultureInfo.InvariantCulture, $"Record {index} decompresses beyond the configured limit (Limits:MaxDecompressedRecordSize).")),
        RecordStatus.DecompressedDeliveryTooLarge
            => new(FirehoseErrorCode.InvalidRecordData, string.Create(CultureInfo.InvariantCulture, $"Record {index} decompresses beyond what the configured limit leaves of the delivery (Limits:MaxDecompressedDeliverySize).")),
        RecordStatus.CorruptGzip
            => new(FirehoseErrorCode.InvalidRecordData, string.Create(CultureInfo.InvariantCulture, $"Record {index} starts like gzip but is not a complete, valid gzip stream.")),
        _ => throw new ArgumentOutOfRangeException(nameof(status), status, "Not an error status."),
    };
}
