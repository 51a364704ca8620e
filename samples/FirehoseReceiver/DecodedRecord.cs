using FirehoseAuth.Payloads;

namespace FirehoseReceiver;

/// <summary>One record of a delivery, decoded: its lines come from <see cref="Payload"/>, or, when <see cref="FormatError"/>
/// is set, it is written as a raw line with <c>"formatError"</c>.</summary>
/// <param name="Payload">The reader's result (its raw record always set).</param>
/// <param name="FormatError">The safe reason as UTF-8, or empty when the record's lines come from <see cref="Payload"/>.</param>
/// <param name="RawIsText">Whether the raw record is valid UTF-8 (written as <c>"data"</c>, else <c>"dataBase64"</c>).</param>
internal readonly record struct DecodedRecord(FirehosePayloadRecord Payload, ReadOnlyMemory<byte> FormatError, bool RawIsText);
