using System.Security.Cryptography;
using System.Text;
using FirehoseAuth.Authentication;

namespace FirehoseAuth.Tests.Secrets;

/// <summary>
/// Decides what a published <see cref="AccessKeySet"/> says about a presented key at a given instant, from the set's
/// digests and window — the rule the validator applies (current always; previous until <c>PreviousValidUntil</c>).
/// </summary>
internal static class KeySetProbe
{
    public static AccessKeyValidationResult Check(AccessKeySet? set, string key, DateTimeOffset now)
    {
        if (set is null)
        {
            return AccessKeyValidationResult.Unavailable;
        }

        Span<byte> digest = stackalloc byte[AccessKeyDigest.Size];
        AccessKeyDigest.Compute(Encoding.UTF8.GetBytes(key), digest);
        if (CryptographicOperations.FixedTimeEquals(digest, set.CurrentDigest))
        {
            return AccessKeyValidationResult.ValidCurrent;
        }

        return CryptographicOperations.FixedTimeEquals(digest, set.PreviousDigest) && now.UtcTicks <= set.PreviousValidUntilUtcTicks
            ? AccessKeyValidationResult.ValidPrevious
            : AccessKeyValidationResult.Invalid;
    }
}
