namespace FirehoseAuth.Tests;

/// <summary>
/// A fact that reads third-party fixtures from <c>../shared/testdata</c>; it reports itself skipped, with the reason,
/// when that folder is absent (the only skip this project allows).
/// </summary>
public sealed class SharedDataFactAttribute : FactAttribute
{
    public SharedDataFactAttribute()
    {
        if (TestData.SharedFolder is null)
        {
            Skip = TestData.MissingReason;
        }
    }
}
