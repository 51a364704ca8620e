namespace FirehoseAuth.LoadTest;

/// <summary>Parses <c>--name value</c> pairs.</summary>
internal sealed class LoadOptions
{
    private readonly Dictionary<string, string> _values = new(StringComparer.OrdinalIgnoreCase);

    public static LoadOptions Parse(string[] args)
    {
        var options = new LoadOptions();
        for (var i = 0; i + 1 < args.Length; i += 2)
        {
            if (!args[i].StartsWith("--", StringComparison.Ordinal))
            {
                throw new ArgumentException($"Expected --name value, got '{args[i]}'.");
            }

            options._values[args[i][2..]] = args[i + 1];
        }

        return options;
    }

    public string Get(string name)
        => _values.TryGetValue(name, out var value) ? value : throw new ArgumentException($"--{name} is required.");

    public string? TryGet(string name) => _values.TryGetValue(name, out var value) ? value : null;

    public int GetInt(string name, int defaultValue) => _values.TryGetValue(name, out var value) ? int.Parse(value, System.Globalization.CultureInfo.InvariantCulture) : defaultValue;

    public int? TryGetInt(string name) => _values.TryGetValue(name, out var value) ? int.Parse(value, System.Globalization.CultureInfo.InvariantCulture) : null;
}
