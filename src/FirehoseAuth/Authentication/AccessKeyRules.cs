using System.Text;

namespace FirehoseAuth.Authentication;

/// <summary>
/// What makes a configured access key usable: Firehose can send it in an HTTP header, so a key that could never
/// arrive verbatim is a configuration error rather than an endpoint that silently rejects every delivery.
/// </summary>
internal static class AccessKeyRules
{
    /// <summary>The longest access key Firehose sends, in UTF-8 bytes.</summary>
    public const int MaxKeyBytes = 4096;

    /// <summary>
    /// Checks a configured key. Returns <see langword="null"/> when it is usable, otherwise a phrase that completes
    /// "The access key …" and never contains the key or any part of it.
    /// </summary>
    public static string? FindProblem(string key)
    {
        ArgumentNullException.ThrowIfNull(key);
        if (key.Length == 0)
        {
            return "is empty";
        }

        if (string.IsNullOrWhiteSpace(key))
        {
            return "is only whitespace";
        }

        if (IsOptionalWhitespace(key[0]) || IsOptionalWhitespace(key[^1]))
        {
            return "starts or ends with a space or tab, which HTTP removes from header values, so no delivery could present it";
        }

        foreach (var c in key)
        {
            if (char.IsControl(c) && c != '\t')
            {
                return "contains a control character (such as CR, LF or NUL), which cannot appear in an HTTP header value";
            }
        }

        if (!IsValidUtf16(key))
        {
            return "is not valid UTF-16 (it contains an unpaired surrogate)";
        }

        var byteCount = Encoding.UTF8.GetByteCount(key);
        return byteCount > MaxKeyBytes
            ? $"is {byteCount} UTF-8 bytes long; Firehose sends at most {MaxKeyBytes}"
            : null;
    }

    /// <summary>Gets whether <paramref name="c"/> is HTTP optional whitespace (RFC 9110 §5.6.3: space or tab).</summary>
    private static bool IsOptionalWhitespace(char c) => c is ' ' or '\t';

    /// <summary>Gets whether every surrogate in <paramref name="key"/> is part of a pair (so it has one UTF-8 form).</summary>
    private static bool IsValidUtf16(string key)
    {
        for (var i = 0; i < key.Length; i++)
        {
            if (char.IsHighSurrogate(key[i]) && i + 1 < key.Length && char.IsLowSurrogate(key[i + 1]))
            {
                i++;
            }
            else if (char.IsSurrogate(key[i]))
            {
                return false;
            }
        }

        return true;
    }
}
