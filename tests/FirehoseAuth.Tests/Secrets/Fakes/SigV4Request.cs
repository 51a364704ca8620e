namespace FirehoseAuth.Tests.Secrets.Fakes;

/// <summary>A request as received, the input of <see cref="SigV4Verifier"/>.</summary>
/// <param name="Method">The HTTP method.</param>
/// <param name="RawPath">The path exactly as sent (percent-encoded).</param>
/// <param name="RawQuery">The query string exactly as sent, without the leading <c>?</c>.</param>
/// <param name="Headers">The headers; repeated names are allowed and are combined with commas.</param>
/// <param name="Body">The body bytes.</param>
public sealed record SigV4Request(string Method, string RawPath, string RawQuery, IReadOnlyList<KeyValuePair<string, string>> Headers, byte[] Body)
{
    /// <summary>Returns the values of a header joined with commas, or <see langword="null"/> when absent.</summary>
    public string? Header(string name)
    {
        var values = Headers.Where(h => string.Equals(h.Key, name, StringComparison.OrdinalIgnoreCase)).Select(h => h.Value).ToList();
        return values.Count == 0 ? null : string.Join(',', values);
    }
}
