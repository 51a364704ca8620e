namespace FirehoseAuth.Tests;

/// <summary>
/// Locates the repository root and <c>../shared/testdata</c> beside it (test data copied from other public projects;
/// never committed here).
/// </summary>
public static class TestData
{
    /// <summary>
    /// Gets the repository root: the nearest folder above the test binary that holds <c>FirehoseAuth.sln</c>, or
    /// <see langword="null"/> when there is none.
    /// </summary>
    public static string? RepositoryRoot { get; } = FindRepositoryRoot();

    /// <summary>Gets the shared test-data folder, or <see langword="null"/> when it is absent.</summary>
    public static string? SharedFolder { get; } = FindSharedFolder(RepositoryRoot); // after RepositoryRoot: initialised in textual order

    /// <summary>The reason to give when a test skips because the folder is absent.</summary>
    public const string MissingReason = "../shared/testdata is absent (it holds third-party fixtures that are never committed into the project)";

    private static string? FindRepositoryRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "FirehoseAuth.sln")))
            {
                return dir.FullName;
            }
        }

        return null;
    }

    private static string? FindSharedFolder(string? repositoryRoot)
    {
        if (repositoryRoot is null)
        {
            return null;
        }

        var candidate = Path.GetFullPath(Path.Combine(repositoryRoot, "..", "shared", "testdata"));
        return Directory.Exists(candidate) ? candidate : null;
    }

    /// <summary>Returns the full path of a file under the shared test-data folder.</summary>
    public static string PathOf(params string[] parts)
        => Path.Combine([SharedFolder ?? throw new InvalidOperationException(MissingReason), .. parts]);
}
