namespace Microsoft.AspNetCore.Server.Kestrel.Core;

/// <summary>
/// Raises Kestrel's header limits to what Amazon Data Firehose may legally send.
/// </summary>
public static class FirehoseKestrelServerOptionsExtensions
{
    /// <summary>
    /// The header budget this helper guarantees, in bytes: 262144 (256 KiB). Firehose may send a 4 KiB access key and up to 50 common
    /// attributes of 256 + 1,024 characters (≈ 192 KiB as 3-byte UTF-8), well above Kestrel's default of 32 KiB.
    /// </summary>
    public const int FirehoseMaxRequestHeadersTotalSize = 256 * 1024;

    /// <summary>
    /// Raises <see cref="KestrelServerLimits.MaxRequestHeadersTotalSize"/> (and, for HTTP/2,
    /// <see cref="Http2Limits.MaxRequestHeaderFieldSize"/>) to at least <see cref="FirehoseMaxRequestHeadersTotalSize"/>,
    /// keeping <see cref="KestrelServerLimits.MaxRequestBufferSize"/> large enough to hold them. Limits already higher are
    /// kept. The body-size limit needs no change: the Firehose endpoint raises it per request to
    /// <c>FirehoseAuth:Limits:MaxBodySize</c>.
    /// </summary>
    /// <param name="options">Kestrel's options, for example in <c>builder.WebHost.ConfigureKestrel(o =&gt; o.ConfigureForFirehose())</c>.</param>
    /// <returns><paramref name="options"/>.</returns>
    public static KestrelServerOptions ConfigureForFirehose(this KestrelServerOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        var limits = options.Limits;
        limits.MaxRequestHeadersTotalSize = Math.Max(limits.MaxRequestHeadersTotalSize, FirehoseMaxRequestHeadersTotalSize);
        limits.Http2.MaxRequestHeaderFieldSize = Math.Max(limits.Http2.MaxRequestHeaderFieldSize, FirehoseMaxRequestHeadersTotalSize);
        if (limits.MaxRequestBufferSize is { } buffer && buffer < FirehoseMaxRequestHeadersTotalSize)
        {
            limits.MaxRequestBufferSize = FirehoseMaxRequestHeadersTotalSize;
        }

        return options;
    }
}
