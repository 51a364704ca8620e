using FirehoseAuth.Authentication;
using Microsoft.Extensions.Time.Testing;

namespace FirehoseAuth.Tests.Secrets;

/// <summary>
/// Asks the real <see cref="AccessKeyValidator"/> what it would answer for a presented key against a published
/// key set at a given instant, so provider scenarios assert the outcome a delivery would get.
/// </summary>
internal static class KeySetProbe
{
    public static AccessKeyValidationResult Check(AccessKeySet? set, string key, DateTimeOffset now)
        => new AccessKeyValidator(new StaticAccessKeySetProvider(set), new FakeTimeProvider(now)).Validate(key);
}
