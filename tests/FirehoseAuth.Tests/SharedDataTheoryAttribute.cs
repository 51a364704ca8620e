namespace FirehoseAuth.Tests;

/// <summary>
/// A theory that reads third-party fixtures from <c>../shared/testdata</c>; skipped, with the reason, when that folder is absent.
/// </summary>
public sealed class SharedDataTheoryAttribute : TheoryAttribute
{
    public SharedDataTheoryAttribute()
    {
        if (TestData.SharedFolder is null)
        {
            Skip = TestData.MissingReason;
        }
    }
}
