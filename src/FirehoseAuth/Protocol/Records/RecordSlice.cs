namespace FirehoseAuth.Protocol;

/// <summary>Where one decoded record lives: in the delivery's data buffer or in its buffer of gunzipped records.</summary>
/// <param name="Offset">The record's first byte in its buffer.</param>
/// <param name="Length">The record's length in bytes.</param>
/// <param name="Inflated">Whether the record is in the buffer of gunzipped records.</param>
internal readonly record struct RecordSlice(int Offset, int Length, bool Inflated);
