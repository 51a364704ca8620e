using System.Globalization;
using System.Security.Cryptography;
using System.Text;

namespace FirehoseAuth.Tests.Secrets.Fakes;

/// <summary>
/// An independent, hand-written AWS Signature Version 4 verifier (canonical request, string to sign, signing key),
/// written from the SigV4 specification without AWSSDK.Core, for the fake Secrets Manager.
/// </summary>
public static class SigV4Verifier
{
    public const string Algorithm = "AWS4-HMAC-SHA256";
    public const string AmzDateFormat = "yyyyMMdd'T'HHmmss'Z'";
    public static readonly TimeSpan AllowedSkew = TimeSpan.FromMinutes(5);

    /// <summary>Verifies the request's <c>Authorization</c> header the way AWS does.</summary>
    /// <param name="request">The request as received.</param>
    /// <param name="findCredentials">Returns the credentials of an access key id, or <see langword="null"/> when unknown.</param>
    /// <param name="region">The region the request must be scoped to.</param>
    /// <param name="service">The service the request must be scoped to.</param>
    /// <param name="now">The verifier's clock, for the 5-minute window.</param>
    public static SigV4VerificationResult Verify(SigV4Request request, Func<string, AwsTestCredentials?> findCredentials, string region, string service, DateTimeOffset now)
    {
        ArgumentNullException.ThrowIfNull(request);
        ArgumentNullException.ThrowIfNull(findCredentials);
        var authorization = request.Header("Authorization");
        if (authorization is null)
        {
            return SigV4VerificationResult.Invalid("MissingAuthenticationTokenException", "Missing Authentication Token");
        }

        if (!TryParseAuthorization(authorization, out var parsed))
        {
            return SigV4VerificationResult.Invalid("IncompleteSignatureException", $"Authorization header requires 'Credential', 'Signature' and 'SignedHeaders' parameters with algorithm {Algorithm}.");
        }

        var scope = parsed.Credential.Split('/');
        if (scope.Length != 5 || scope[4] != "aws4_request")
        {
            return SigV4VerificationResult.Invalid("IncompleteSignatureException", "Credential should be scoped to a valid credential scope.");
        }

        var accessKeyId = scope[0];
        if (findCredentials(accessKeyId) is not { } credentials)
        {
            return SigV4VerificationResult.Invalid("UnrecognizedClientException", "The security token included in the request is invalid.");
        }

        var signedHeaders = parsed.SignedHeaders.Split(';');
        if (!signedHeaders.SequenceEqual(signedHeaders.Order(StringComparer.Ordinal)) || signedHeaders.Any(h => h.Length == 0 || h != h.ToLowerInvariant()))
        {
            return SigV4VerificationResult.Invalid("InvalidSignatureException", "SignedHeaders must be lower-case and sorted.");
        }

        if (!signedHeaders.Contains("host") || !signedHeaders.Contains("x-amz-date"))
        {
            return SigV4VerificationResult.Invalid("InvalidSignatureException", "'Host' and 'X-Amz-Date' must be signed headers.");
        }

        var amzDate = request.Header("X-Amz-Date");
        if (amzDate is null || !DateTimeOffset.TryParseExact(amzDate, AmzDateFormat, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal | DateTimeStyles.AdjustToUniversal, out var signedAt))
        {
            return SigV4VerificationResult.Invalid("IncompleteSignatureException", "X-Amz-Date must be in the ISO8601 basic format yyyyMMdd'T'HHmmss'Z'.");
        }

        if (scope[1] != amzDate[..8])
        {
            return SigV4VerificationResult.Invalid("InvalidSignatureException", $"Date in Credential scope does not match YYYYMMDD from ISO-8601 version of date from HTTP: '{scope[1]}' != '{amzDate[..8]}'.");
        }

        if (scope[2] != region)
        {
            return SigV4VerificationResult.Invalid("InvalidSignatureException", $"Credential should be scoped to a valid region, not '{scope[2]}'.");
        }

        if (scope[3] != service)
        {
            return SigV4VerificationResult.Invalid("InvalidSignatureException", $"Credential should be scoped to correct service: '{service}'.");
        }

        var token = request.Header("X-Amz-Security-Token");
        if (credentials.SessionToken is not null && (token != credentials.SessionToken || !signedHeaders.Contains("x-amz-security-token")))
        {
            return SigV4VerificationResult.Invalid("UnrecognizedClientException", "The security token included in the request is invalid.");
        }

        if (credentials.SessionToken is null && token is not null)
        {
            return SigV4VerificationResult.Invalid("UnrecognizedClientException", "The security token included in the request is invalid.");
        }

        var contentSha256 = request.Header("X-Amz-Content-SHA256");
        if (contentSha256 is not null && !string.Equals(contentSha256, HexSha256(request.Body), StringComparison.Ordinal))
        {
            return SigV4VerificationResult.Invalid("InvalidSignatureException", "The provided 'x-amz-content-sha256' header does not match what was computed.");
        }

        foreach (var name in signedHeaders)
        {
            if (request.Header(name) is null)
            {
                return SigV4VerificationResult.Invalid("InvalidSignatureException", $"The signed header '{name}' is missing from the request.");
            }
        }

        var expected = ComputeSignature(request, signedHeaders, credentials.SecretAccessKey, amzDate, scope[2], scope[3]);
        if (!CryptographicOperations.FixedTimeEquals(Encoding.ASCII.GetBytes(expected), Encoding.ASCII.GetBytes(parsed.Signature)))
        {
            return SigV4VerificationResult.Invalid(
                "InvalidSignatureException",
                "The request signature we calculated does not match the signature you provided. Check your AWS Secret Access Key and signing method. Consult the service documentation for details.");
        }

        if (signedAt < now - AllowedSkew)
        {
            return SigV4VerificationResult.Invalid("InvalidSignatureException", $"Signature expired: {amzDate} is now earlier than {(now - AllowedSkew).ToString(AmzDateFormat, CultureInfo.InvariantCulture)} ({now.ToString(AmzDateFormat, CultureInfo.InvariantCulture)} - 5 min.)");
        }

        if (signedAt > now + AllowedSkew)
        {
            return SigV4VerificationResult.Invalid("InvalidSignatureException", $"Signature not yet current: {amzDate} is still later than {(now + AllowedSkew).ToString(AmzDateFormat, CultureInfo.InvariantCulture)} ({now.ToString(AmzDateFormat, CultureInfo.InvariantCulture)} + 5 min.)");
        }

        return SigV4VerificationResult.Valid();
    }

    /// <summary>Computes the full <c>Authorization</c> value for a request, signing <paramref name="signedHeaders"/>.</summary>
    public static string ComputeAuthorization(SigV4Request request, IReadOnlyList<string> signedHeaders, AwsTestCredentials credentials, string amzDate, string region, string service)
    {
        ArgumentNullException.ThrowIfNull(credentials);
        ArgumentNullException.ThrowIfNull(amzDate);
        var signature = ComputeSignature(request, signedHeaders, credentials.SecretAccessKey, amzDate, region, service);
        return $"{Algorithm} Credential={credentials.AccessKeyId}/{amzDate[..8]}/{region}/{service}/aws4_request, SignedHeaders={string.Join(';', signedHeaders)}, Signature={signature}";
    }

    /// <summary>Builds the canonical request (the SigV4 specification's task 1).</summary>
    public static string CanonicalRequest(SigV4Request request, IReadOnlyList<string> signedHeaders)
    {
        ArgumentNullException.ThrowIfNull(request);
        ArgumentNullException.ThrowIfNull(signedHeaders);
        var builder = new StringBuilder();
        builder.Append(request.Method.ToUpperInvariant()).Append('\n');
        builder.Append(CanonicalUri(request.RawPath)).Append('\n');
        builder.Append(CanonicalQuery(request.RawQuery)).Append('\n');
        foreach (var name in signedHeaders)
        {
            builder.Append(name).Append(':').Append(CanonicalHeaderValue(request, name)).Append('\n');
        }

        builder.Append('\n');
        builder.Append(string.Join(';', signedHeaders)).Append('\n');
        builder.Append(request.Header("X-Amz-Content-SHA256") ?? HexSha256(request.Body));
        return builder.ToString();
    }

    public static string HexSha256(byte[] data) => Convert.ToHexStringLower(SHA256.HashData(data));

    private static string ComputeSignature(SigV4Request request, IReadOnlyList<string> signedHeaders, string secretAccessKey, string amzDate, string region, string service)
    {
        var canonicalRequest = CanonicalRequest(request, signedHeaders);
        var date = amzDate[..8];
        var stringToSign = $"{Algorithm}\n{amzDate}\n{date}/{region}/{service}/aws4_request\n{HexSha256(Encoding.UTF8.GetBytes(canonicalRequest))}";

        var key = HMACSHA256.HashData(Encoding.UTF8.GetBytes("AWS4" + secretAccessKey), Encoding.UTF8.GetBytes(date));
        key = HMACSHA256.HashData(key, Encoding.UTF8.GetBytes(region));
        key = HMACSHA256.HashData(key, Encoding.UTF8.GetBytes(service));
        key = HMACSHA256.HashData(key, "aws4_request"u8);
        return Convert.ToHexStringLower(HMACSHA256.HashData(key, Encoding.UTF8.GetBytes(stringToSign)));
    }

    private static string CanonicalHeaderValue(SigV4Request request, string name)
    {
        var values = request.Headers
            .Where(h => string.Equals(h.Key, name, StringComparison.OrdinalIgnoreCase))
            .Select(h => string.Join(' ', h.Value.Trim().Split(' ', StringSplitOptions.RemoveEmptyEntries)));
        return string.Join(',', values);
    }

    // Each path segment URI-encoded (non-S3 services encode the already-encoded path once more).
    private static string CanonicalUri(string rawPath)
    {
        if (string.IsNullOrEmpty(rawPath))
        {
            return "/";
        }

        return string.Join('/', rawPath.Split('/').Select(UriEncode));
    }

    private static string CanonicalQuery(string rawQuery)
    {
        if (string.IsNullOrEmpty(rawQuery))
        {
            return string.Empty;
        }

        var pairs = rawQuery.Split('&', StringSplitOptions.RemoveEmptyEntries)
            .Select(p =>
            {
                var eq = p.IndexOf('=', StringComparison.Ordinal);
                var name = Uri.UnescapeDataString(eq < 0 ? p : p[..eq]);
                var value = eq < 0 ? string.Empty : Uri.UnescapeDataString(p[(eq + 1)..]);
                return (Name: UriEncode(name), Value: UriEncode(value));
            })
            .OrderBy(p => p.Name, StringComparer.Ordinal)
            .ThenBy(p => p.Value, StringComparer.Ordinal);
        return string.Join('&', pairs.Select(p => $"{p.Name}={p.Value}"));
    }

    private static string UriEncode(string value)
    {
        var builder = new StringBuilder();
        foreach (var b in Encoding.UTF8.GetBytes(value))
        {
            var c = (char)b;
            if (char.IsAsciiLetterOrDigit(c) || c is '-' or '_' or '.' or '~')
            {
                builder.Append(c);
            }
            else
            {
                builder.Append('%').Append(b.ToString("X2", CultureInfo.InvariantCulture));
            }
        }

        return builder.ToString();
    }

    private static bool TryParseAuthorization(string value, out (string Credential, string SignedHeaders, string Signature) parsed)
    {
        parsed = default;
        if (!value.StartsWith(Algorithm + " ", StringComparison.Ordinal))
        {
            return false;
        }

        string? credential = null, signedHeaders = null, signature = null;
        foreach (var part in value[(Algorithm.Length + 1)..].Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries))
        {
            var eq = part.IndexOf('=', StringComparison.Ordinal);
            if (eq <= 0)
            {
                return false;
            }

            var v = part[(eq + 1)..];
            switch (part[..eq])
            {
                case "Credential": credential = v; break;
                case "SignedHeaders": signedHeaders = v; break;
                case "Signature": signature = v; break;
                default: return false;
            }
        }

        if (credential is null || signedHeaders is null || signature is null)
        {
            return false;
        }

        parsed = (credential, signedHeaders, signature);
        return true;
    }
}
