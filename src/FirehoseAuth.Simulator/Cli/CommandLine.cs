using System.Diagnostics.CodeAnalysis;
using System.Globalization;

namespace FirehoseAuth.Simulator;

/// <summary>
/// The parsed flags of one command: <c>--name value</c>, <c>--name=value</c>, boolean <c>--name</c>, and flags that take
/// several values (<c>--common a=1 b=2</c> or <c>--common a=1 --common b=2</c>). Unknown flags are errors.
/// </summary>
internal sealed class CommandLine
{
    private readonly Dictionary<string, List<string>> _values = new(StringComparer.Ordinal);

    private CommandLine()
    {
    }

    public static bool TryParse(IReadOnlyList<string> args, IReadOnlySet<string> valueFlags, IReadOnlySet<string> switches, IReadOnlySet<string> multiFlags, [NotNullWhen(true)] out CommandLine? parsed, [NotNullWhen(false)] out string? error)
    {
        var result = new CommandLine();
        for (var i = 0; i < args.Count; i++)
        {
            var arg = args[i];
            if (!arg.StartsWith("--", StringComparison.Ordinal))
            {
                return Fail($"unexpected argument '{arg}'", out parsed, out error);
            }

            var name = arg[2..];
            string? inline = null;
            var equals = name.IndexOf('=', StringComparison.Ordinal);
            if (equals >= 0)
            {
                inline = name[(equals + 1)..];
                name = name[..equals];
            }

            var values = result.Values(name);
            if (switches.Contains(name))
            {
                if (inline is not null)
                {
                    return Fail($"--{name} takes no value", out parsed, out error);
                }

                values.Add("true");
            }
            else if (multiFlags.Contains(name))
            {
                if (inline is not null)
                {
                    values.Add(inline);
                }

                while (i + 1 < args.Count && !args[i + 1].StartsWith("--", StringComparison.Ordinal))
                {
                    values.Add(args[++i]);
                }
            }
            else if (valueFlags.Contains(name))
            {
                if (inline is null && (i + 1 >= args.Count || (args[i + 1].StartsWith("--", StringComparison.Ordinal) && args[i + 1] != "-")))
                {
                    return Fail($"--{name} needs a value", out parsed, out error);
                }

                values.Add(inline ?? args[++i]);
            }
            else
            {
                return Fail($"unknown option --{name}", out parsed, out error);
            }
        }

        parsed = result;
        error = null;
        return true;
    }

    public bool Has(string name) => _values.ContainsKey(name);

    public string? Get(string name) => _values.TryGetValue(name, out var values) ? values[^1] : null;

    public IReadOnlyList<string> GetAll(string name) => _values.TryGetValue(name, out var values) ? values : [];

    public bool TryGetNumber(string name, double fallback, double min, double max, out double value, [NotNullWhen(false)] out string? error)
    {
        value = fallback;
        error = null;
        if (Get(name) is not { } text)
        {
            return true;
        }

        if (!double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out value) || value < min || value > max)
        {
            error = $"--{name} must be a number from {min.ToString(CultureInfo.InvariantCulture)} to {max.ToString(CultureInfo.InvariantCulture)}, not '{text}'";
            return false;
        }

        return true;
    }

    private List<string> Values(string name)
    {
        if (!_values.TryGetValue(name, out var values))
        {
            values = [];
            _values[name] = values;
        }

        return values;
    }

    private static bool Fail(string message, out CommandLine? parsed, out string? error)
    {
        parsed = null;
        error = message;
        return false;
    }
}
