namespace FirehoseAuth.Tests.Authentication;

/// <summary>
/// Deliberately leaky comparisons, the way a key check is often written, to prove that <see cref="TimingLeakProbe"/>
/// catches them. Never use these for secrets.
/// </summary>
internal static class LeakyAccessKeyComparer
{
    /// <summary>Length first, then character by character, returning at the first difference.</summary>
    public static bool EqualsWithEarlyExit(ReadOnlySpan<char> presented, string expected)
    {
        if (presented.Length != expected.Length)
        {
            return false;
        }

        for (var i = 0; i < presented.Length; i++)
        {
            if (presented[i] != expected[i])
            {
                return false;
            }
        }

        return true;
    }
}
