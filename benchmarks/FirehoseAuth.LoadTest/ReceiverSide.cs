namespace FirehoseAuth.LoadTest;

/// <summary>
/// One receiver the comparison starts fresh for every round: a name for the tables, the shell command that runs it
/// (given <c>--urls</c>), and the environment it gets beyond the key and log level every side gets.
/// </summary>
internal sealed record ReceiverSide(string Name, string Command, IReadOnlyDictionary<string, string> Environment)
{
    /// <summary>A DLL runs under <c>dotnet</c>; anything else (a native build) runs as it is.</summary>
    public static string CommandFor(string path)
    {
        var full = Path.GetFullPath(path);
        return full.EndsWith(".dll", StringComparison.OrdinalIgnoreCase) ? $"exec dotnet \"{full}\"" : $"exec \"{full}\"";
    }
}
