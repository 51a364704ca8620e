namespace FirehoseAuth.Protocol;

/// <summary>
/// The one rule for how far a gzip'd record may gunzip: <see cref="FirehoseParserOptions.MaxDecompressedRecordSize"/>,
/// or what <see cref="FirehoseParserOptions.MaxDecompressedDeliverySize"/> leaves of the delivery when that is less.
/// The parser (with <see cref="FirehoseParserOptions.DecompressGzipRecords"/>) and the payload reader both apply it.
/// </summary>
internal static class DecompressionCap
{
    /// <summary>Gets the most bytes the next record may gunzip to.</summary>
    /// <param name="maxRecord">The per-record cap.</param>
    /// <param name="maxDelivery">The per-delivery cap.</param>
    /// <param name="inflatedSoFar">The bytes the delivery's records have gunzipped to so far.</param>
    /// <param name="deliveryBinds">Whether the per-delivery cap is the lower one (then a record past it exceeds that one).</param>
    /// <returns>The cap for the next record.</returns>
    public static int ForRecord(int maxRecord, long maxDelivery, long inflatedSoFar, out bool deliveryBinds)
    {
        var deliveryRoom = Math.Max(0, maxDelivery - inflatedSoFar);
        deliveryBinds = deliveryRoom < maxRecord;
        return (int)Math.Min(maxRecord, deliveryRoom);
    }
}
