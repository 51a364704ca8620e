using System.Diagnostics.CodeAnalysis;
using System.Text;
using System.Text.Json;
using FirehoseAuth.Authentication;

namespace FirehoseAuth.Secrets;

/// <summary>
/// Extracts the access key from a secret version: the JSON field <see cref="SecretsManagerOptions.JsonKey"/> (Firehose's
/// own format, <c>{"api_key":"…"}</c>) or, with <see cref="SecretsManagerOptions.UseWholeSecretString"/>, the whole
/// secret string. Error texts never quote the secret.
/// </summary>
internal static class SecretKeyReader
{
    /// <summary>Reads the access key of <paramref name="secret"/>.</summary>
    /// <param name="secret">The secret version.</param>
    /// <param name="options">Where the key is.</param>
    /// <param name="key">The key (non-empty, at most 4096 UTF-8 bytes).</param>
    /// <param name="error">A safe description of what is wrong.</param>
    /// <returns><see langword="true"/> when a usable key was found.</returns>
    public static bool TryReadKey(SecretValue secret, SecretsManagerOptions options, [NotNullWhen(true)] out string? key, [NotNullWhen(false)] out string? error)
    {
        key = null;
        var text = secret.SecretString;
        if (text is null && secret.SecretBinary is { } binary)
        {
            try
            {
                text = new UTF8Encoding(false, true).GetString(binary.Span);
            }
            catch (DecoderFallbackException)
            {
                error = "The secret is binary and not UTF-8 text.";
                return false;
            }
        }

        if (text is null)
        {
            error = "The secret has neither SecretString nor SecretBinary.";
            return false;
        }

        if (options.UseWholeSecretString)
        {
            key = text;
        }
        else if (!TryReadJsonField(text, options.JsonKey, out key, out error))
        {
            return false;
        }

        if (AccessKeyRules.FindProblem(key) is { } problem)
        {
            key = null;
            error = $"The access key in the secret {problem}.";
            return false;
        }

        error = null;
        return true;
    }

    private static bool TryReadJsonField(string text, string field, [NotNullWhen(true)] out string? key, [NotNullWhen(false)] out string? error)
    {
        key = null;
        try
        {
            using var document = JsonDocument.Parse(text);
            if (document.RootElement.ValueKind != JsonValueKind.Object)
            {
                error = "The secret string is not a JSON object.";
                return false;
            }

            if (!document.RootElement.TryGetProperty(field, out var value))
            {
                error = $"The secret JSON has no field \"{field}\".";
                return false;
            }

            if (value.ValueKind != JsonValueKind.String)
            {
                error = $"The secret JSON field \"{field}\" is not a string.";
                return false;
            }

            key = value.GetString()!;
            error = null;
            return true;
        }
        catch (JsonException)
        {
            // JsonException messages can quote the offending characters: report a fixed text instead.
            error = "The secret string is not valid JSON.";
            return false;
        }
        catch (InvalidOperationException)
        {
            // Thrown while unescaping a lone surrogate such as \uD800 (valid JSON, not valid text).
            error = "The secret JSON holds an escape that is not valid UTF-16.";
            return false;
        }
    }
}
