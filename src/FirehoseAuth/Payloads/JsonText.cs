using System.Text.Json;

namespace FirehoseAuth.Payloads;

/// <summary>Helpers for reading a record's JSON, which is always one contiguous span.</summary>
internal static class JsonText
{
    /// <summary>Options for a record: JSON values one after another (newline-separated or concatenated) are allowed.</summary>
    public static readonly JsonReaderOptions Options = new() { AllowMultipleValues = true, MaxDepth = 64 };

    /// <summary>
    /// Returns the current string or property name as UTF-8: a slice of <paramref name="json"/> when it has no escapes,
    /// else its unescaped copy in the arena. A JSON null gives an empty value.
    /// </summary>
    public static bool TryGetText(PayloadStore store, ReadOnlyMemory<byte> json, ref Utf8JsonReader reader, out ReadOnlyMemory<byte> text)
    {
        switch (reader.TokenType)
        {
            case JsonTokenType.String or JsonTokenType.PropertyName when !reader.ValueIsEscaped:
                // The token starts at its opening quote.
                text = json.Slice((int)reader.TokenStartIndex + 1, reader.ValueSpan.Length);
                return true;
            case JsonTokenType.String or JsonTokenType.PropertyName:
                text = store.Arena.Unescape(ref reader);
                return true;
            case JsonTokenType.Null:
                text = default;
                return true;
            default:
                text = default;
                return false;
        }
    }

    /// <summary>Reads the value after a property name and returns it as text (see <see cref="TryGetText"/>).</summary>
    public static bool TryReadText(PayloadStore store, ReadOnlyMemory<byte> json, ref Utf8JsonReader reader, out ReadOnlyMemory<byte> text)
    {
        reader.Read();
        return TryGetText(store, json, ref reader, out text);
    }
}
