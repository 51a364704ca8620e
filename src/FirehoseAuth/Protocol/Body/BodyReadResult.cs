namespace FirehoseAuth.Protocol;

/// <summary>A body read into a pooled array (<c>Buffer[0..Length)</c>), or the error that stopped reading.</summary>
/// <param name="Buffer">The pooled array, owned by the caller; <see langword="null"/> on error.</param>
/// <param name="Length">The body's length.</param>
/// <param name="Error">The error, or <see langword="null"/>.</param>
internal readonly record struct BodyReadResult(byte[]? Buffer, int Length, FirehoseError? Error);
