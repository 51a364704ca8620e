namespace FirehoseAuth.Protocol;

/// <summary>The outcome of decoding one record's <c>data</c> string.</summary>
internal enum RecordStatus
{
    /// <summary>The record was decoded and appended.</summary>
    Ok,

    /// <summary>The string is not valid base64.</summary>
    InvalidBase64,

    /// <summary>The delivery already holds <see cref="FirehoseParserOptions.MaxRecordCount"/> records.</summary>
    TooManyRecords,

    /// <summary>The decoded record exceeds <see cref="FirehoseParserOptions.MaxRecordSize"/>.</summary>
    RecordTooLarge,

    /// <summary>The gunzipped record exceeds <see cref="FirehoseParserOptions.MaxDecompressedRecordSize"/>.</summary>
    DecompressedRecordTooLarge,

    /// <summary>The gunzipped records of the delivery together exceed <see cref="FirehoseParserOptions.MaxDecompressedDeliverySize"/>.</summary>
    DecompressedDeliveryTooLarge,

    /// <summary>The record starts with the gzip magic but is not a complete, valid gzip stream.</summary>
    CorruptGzip,
}
