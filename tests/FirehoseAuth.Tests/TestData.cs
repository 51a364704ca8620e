namespace FirehoseAuth.Tests;

/// <summary>
/// Locates <c>../shared/testdata</c> (test data copied from other public projects; never committed here).
/// </summary>
public static class TestData
{
    /// <summary>Gets the shared test-data folder, or <see langword="null"/> when it is absent.</summary>
    public static string? SharedFolder { get; } = Find();

    /// <summary>The reason to give when a test skips because the folder is absent.</summary>
    public const string MissingReason = "../shared/testdata is absent (it holds third-party fixtures that are never committed into the project)";

    private static string? Find()
    {
        // Walk up from the test binary to the repository root (the folder holding FirehoseAuth.sln), then take ../shared/testdata.
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "FirehoseAuth.sln")))
            {
                var candidate = Path.GetFullPath(Path.Combine(dir.FullName, "..", "shared", "testdata"));
                return Directory.Exists(candidate) ? candidate : null;
            }
        }

        return null;
    }

    /// <summary>Returns the full path of a file under the shared test-data folder.</summary>
    public static string PathOf(params string[] parts)
        => Path.Combine([SharedFolder ?? throw new InvalidOperationException(MissingReason), .. parts]);
}
