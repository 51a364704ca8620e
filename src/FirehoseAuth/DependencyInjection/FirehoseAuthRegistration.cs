using FirehoseAuth.Authentication;
using Microsoft.Extensions.DependencyInjection;

namespace FirehoseAuth.DependencyInjection;

/// <summary>
/// Marks a service collection to which FirehoseAuth was added: makes repeated <c>AddFirehoseAuth</c> calls
/// harmless and tells, once the container is built, whether the application replaced the key source.
/// </summary>
internal sealed class FirehoseAuthRegistration
{
    private readonly IServiceCollection _services;

    public FirehoseAuthRegistration(IServiceCollection services)
    {
        _services = services;
        KeySourceDescriptor = ServiceDescriptor.Singleton<IAccessKeySetProvider>(FirehoseAuthServiceCollectionExtensions.CreateKeySource);
    }

    /// <summary>Gets the registration of the built-in key source.</summary>
    public ServiceDescriptor KeySourceDescriptor { get; }

    /// <summary>
    /// Gets a value indicating whether the key source in force is the built-in one (the last
    /// <see cref="IAccessKeySetProvider"/> registration wins, so an application may add its own before or after).
    /// </summary>
    public bool UsesBuiltInKeySource
    {
        get
        {
            for (var i = _services.Count - 1; i >= 0; i--)
            {
                if (_services[i].ServiceType == typeof(IAccessKeySetProvider))
                {
                    return ReferenceEquals(_services[i], KeySourceDescriptor);
                }
            }

            return false;
        }
    }
}
