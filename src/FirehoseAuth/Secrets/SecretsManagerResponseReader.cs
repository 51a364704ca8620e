using System.Diagnostics.CodeAnalysis;
using System.Text.Json;

namespace FirehoseAuth.Secrets;

/// <summary>
/// Reads <c>GetSecretValue</c> answers (untrusted input): the success body into a <see cref="SecretValue"/> and error
/// bodies into an error type and message. Error texts never quote the body, which may hold the secret.
/// </summary>
internal static class SecretsManagerResponseReader
{
    /// <summary>Reads a successful <c>GetSecretValue</c> body.</summary>
    /// <param name="body">The response body.</param>
    /// <param name="value">The secret version.</param>
    /// <param name="error">A safe description of what is wrong.</param>
    /// <returns><see langword="true"/> when the body is a well-formed answer.</returns>
    public static bool TryReadSecretValue(ReadOnlyMemory<byte> body, [NotNullWhen(true)] out SecretValue? value, [NotNullWhen(false)] out string? error)
    {
        value = null;
        try
        {
            using var document = JsonDocument.Parse(body);
            var root = document.RootElement;
            if (root.ValueKind != JsonValueKind.Object)
            {
                error = "The GetSecretValue response is not a JSON object.";
                return false;
            }

            if (!TryGetString(root, "VersionId", out var versionId) || versionId is null)
            {
                error = "The GetSecretValue response has no VersionId.";
                return false;
            }

            if (!TryGetString(root, "SecretString", out var secretString)
                || !TryGetString(root, "ARN", out var arn)
                || !TryGetString(root, "Name", out var name))
            {
                error = "The GetSecretValue response has a field of the wrong type.";
                return false;
            }

            ReadOnlyMemory<byte>? secretBinary = null;
            if (root.TryGetProperty("SecretBinary", out var binary) && binary.ValueKind != JsonValueKind.Null)
            {
                if (binary.ValueKind != JsonValueKind.String || !binary.TryGetBytesFromBase64(out var bytes))
                {
                    error = "The GetSecretValue response's SecretBinary is not base64.";
                    return false;
                }

                secretBinary = bytes;
            }

            var stages = new List<string>();
            if (root.TryGetProperty("VersionStages", out var stageArray) && stageArray.ValueKind == JsonValueKind.Array)
            {
                foreach (var stage in stageArray.EnumerateArray())
                {
                    if (stage.ValueKind == JsonValueKind.String)
                    {
                        stages.Add(stage.GetString()!);
                    }
                }
            }

            if (!root.TryGetProperty("CreatedDate", out var created) || created.ValueKind != JsonValueKind.Number || !created.TryGetDouble(out var epochSeconds)
                || double.IsNaN(epochSeconds) || epochSeconds < 0 || epochSeconds > 253_402_300_799)
            {
                error = "The GetSecretValue response has no valid CreatedDate.";
                return false;
            }

            value = new SecretValue
            {
                Arn = arn,
                Name = name,
                VersionId = versionId,
                SecretString = secretString,
                SecretBinary = secretBinary,
                VersionStages = stages,
                CreatedDate = DateTimeOffset.FromUnixTimeMilliseconds((long)Math.Round(epochSeconds * 1000)),
            };
            error = null;
            return true;
        }
        catch (JsonException)
        {
            error = "The GetSecretValue response is not valid JSON.";
            return false;
        }
        catch (InvalidOperationException)
        {
            // Thrown while unescaping a lone surrogate such as \uD800 (valid JSON, not valid text).
            error = "The GetSecretValue response holds an escape that is not valid UTF-16.";
            return false;
        }
    }

    /// <summary>Reads the error type and message of a failed call.</summary>
    /// <param name="body">The response body (may be empty or not JSON).</param>
    /// <param name="errorTypeHeader">The <c>x-amzn-ErrorType</c> header, if any.</param>
    /// <param name="statusCode">The HTTP status.</param>
    /// <returns>The error type with any namespace prefix and URL suffix removed, and the service's message.</returns>
    public static (string ErrorType, string Message) ReadError(ReadOnlyMemory<byte> body, string? errorTypeHeader, int statusCode)
    {
        string? type = null;
        string? message = null;
        try
        {
            if (!body.IsEmpty)
            {
                using var document = JsonDocument.Parse(body);
                if (document.RootElement.ValueKind == JsonValueKind.Object)
                {
                    foreach (var property in document.RootElement.EnumerateObject())
                    {
                        if (property.Value.ValueKind != JsonValueKind.String)
                        {
                            continue;
                        }

                        if (property.NameEquals("__type"))
                        {
                            type = property.Value.GetString();
                        }
                        else if (property.NameEquals("message") || property.NameEquals("Message"))
                        {
                            message = property.Value.GetString();
                        }
                    }
                }
            }
        }
        catch (Exception ex) when (ex is JsonException or InvalidOperationException)
        {
            // Not a usable JSON error body (a proxy's HTML page, for instance): fall back to the header and status.
        }

        type = NormalizeErrorType(type) ?? NormalizeErrorType(errorTypeHeader) ?? $"Http{statusCode}";
        return (type, message is { Length: > 0 } ? message : $"Secrets Manager answered HTTP {statusCode}.");
    }

    /// <summary>Strips a namespace prefix (up to <c>#</c>) and a suffix (from <c>:</c>) from an error type.</summary>
    /// <param name="raw">For example <c>com.amazonaws.secretsmanager#ResourceNotFoundException:http://internal</c>.</param>
    /// <returns>For example <c>ResourceNotFoundException</c>, or <see langword="null"/> when nothing is left.</returns>
    public static string? NormalizeErrorType(string? raw)
    {
        if (string.IsNullOrWhiteSpace(raw))
        {
            return null;
        }

        var span = raw.AsSpan();
        var hash = span.LastIndexOf('#');
        if (hash >= 0)
        {
            span = span[(hash + 1)..];
        }

        var colon = span.IndexOf(':');
        if (colon >= 0)
        {
            span = span[..colon];
        }

        span = span.Trim();
        return span.IsEmpty ? null : span.ToString();
    }

    private static bool TryGetString(JsonElement root, string name, out string? value)
    {
        value = null;
        if (!root.TryGetProperty(name, out var element) || element.ValueKind == JsonValueKind.Null)
        {
            return true;
        }

        if (element.ValueKind != JsonValueKind.String)
        {
            return false;
        }

        value = element.GetString();
        return true;
    }
}
