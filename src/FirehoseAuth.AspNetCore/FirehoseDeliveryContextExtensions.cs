using FirehoseAuth.Pipeline;
using Microsoft.AspNetCore.Http;

namespace FirehoseAuth.AspNetCore;

/// <summary>ASP.NET Core's view of a <see cref="FirehoseDeliveryContext"/>.</summary>
public static class FirehoseDeliveryContextExtensions
{
    /// <summary>Gets the request's <see cref="HttpContext"/>, or <see langword="null"/> when the delivery did not come through ASP.NET Core.</summary>
    /// <param name="context">The delivery context.</param>
    /// <returns>The <see cref="HttpContext"/>.</returns>
    public static HttpContext? GetHttpContext(this FirehoseDeliveryContext context) => context.HostContext as HttpContext;
}
