namespace FirehoseAuth.Protocol;

/// <summary>Where the body's <c>requestId</c> string is, while the body buffer is still alive.</summary>
/// <param name="Offset">The first byte of the string's content (after the opening quote) in the JSON.</param>
/// <param name="Length">The length of the raw (still escaped) content in bytes.</param>
/// <param name="Unescaped">The unescaped value when the raw content holds JSON escapes; otherwise <see langword="null"/>.</param>
internal readonly record struct RequestIdToken(int Offset, int Length, string? Unescaped);
