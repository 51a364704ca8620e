using FirehoseAuth;
using FirehoseAuth.DependencyInjection;

namespace Microsoft.Extensions.DependencyInjection;

/// <summary>Reads what <c>AddFirehoseAuth</c> registered, from the built service provider.</summary>
public static class FirehoseAuthServiceProviderExtensions
{
    /// <summary>
    /// Gets the validated options of a registered delivery stream: for example its <see cref="FirehoseAuthOptions.Limits"/>,
    /// so that a handler decodes payloads under the stream's own caps
    /// (<c>new FirehosePayloadReader(services.GetFirehoseStreamOptions("logs").Limits)</c>).
    /// </summary>
    /// <param name="services">The application's service provider.</param>
    /// <param name="streamName">The stream's name; <see cref="FirehoseAuthOptions.DefaultStreamName"/> for the default stream.</param>
    /// <returns>The options the stream's pipeline uses (the same instance on every call).</returns>
    /// <exception cref="InvalidOperationException">No stream of that name was registered.</exception>
    /// <exception cref="Microsoft.Extensions.Options.OptionsValidationException">The stream's options are invalid.</exception>
    public static FirehoseAuthOptions GetFirehoseStreamOptions(this IServiceProvider services, string streamName)
    {
        ArgumentNullException.ThrowIfNull(services);
        ArgumentNullException.ThrowIfNull(streamName);
        return services.GetRequiredService<FirehoseStreams>().Get(streamName).Options;
    }
}
