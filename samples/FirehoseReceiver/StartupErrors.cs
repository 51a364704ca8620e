using System.Text.RegularExpressions;
using FirehoseAuth;
using Microsoft.Extensions.Options;

namespace FirehoseReceiver;

/// <summary>
/// Turns a configuration error at start-up into one readable block on standard error — every bad setting named once,
/// no stack trace — and exit code <see cref="ConfigurationErrorExitCode"/>, instead of the host's "Hosting failed to
/// start" log followed by the runtime's report of the same unhandled exception. <c>--verbose</c> (taken out of the
/// arguments, so it can stand anywhere) or <c>FIREHOSE_RECEIVER_VERBOSE=1</c> adds the exception and its stack trace.
/// </summary>
internal sealed partial class StartupErrors
{
    /// <summary>The exit code of a configuration error: <c>EX_CONFIG</c> of sysexits.h.</summary>
    public const int ConfigurationErrorExitCode = 78;

    /// <summary>The exit code when the host failed for any other reason (the host has logged why).</summary>
    public const int StartFailureExitCode = 1;

    public const string VerboseFlag = "--verbose";
    public const string VerboseVariable = "FIREHOSE_RECEIVER_VERBOSE";

    private readonly bool _verbose;

    public StartupErrors(string[] args)
    {
        Args = [.. args.Where(a => !a.Equals(VerboseFlag, StringComparison.OrdinalIgnoreCase))];
        _verbose = Args.Length != args.Length || Environment.GetEnvironmentVariable(VerboseVariable) is "1" or "true";
    }

    /// <summary>The command-line arguments without <c>--verbose</c>, for the host's configuration.</summary>
    public string[] Args { get; }

    /// <summary>
    /// Validates every option registered with <c>ValidateOnStart</c> before the host starts (so nothing logs the error
    /// first), then runs the application until it stops.
    /// </summary>
    /// <param name="app">The application.</param>
    /// <param name="receiverProblems">Problems the receiver found in its own settings, reported in the same block.</param>
    /// <returns>The process exit code: 0 after a normal stop.</returns>
    public int Run(WebApplication app, IReadOnlyList<string> receiverProblems)
    {
        var problems = new List<string>(receiverProblems);
        Exception? error = null;
        try
        {
            app.Services.GetService<IStartupValidator>()?.Validate();
        }
        catch (Exception ex) when (IsConfigurationError(ex))
        {
            problems.AddRange(Describe(app, ex));
            error = ex;
        }

        if (problems.Count > 0)
        {
            Report(problems, error);
            return ConfigurationErrorExitCode;
        }

        try
        {
            app.Run();
            return 0;
        }
        catch (Exception ex) when (!_verbose)
        {
            // The host logged this exception with its stack trace already; say once why the process ends.
            Console.Error.WriteLine($"FirehoseReceiver stopped: {ex.GetType().Name}: {ex.Message} (logged above; {VerboseFlag} shows the stack trace again)");
            return StartFailureExitCode;
        }
    }

    private static bool IsConfigurationError(Exception ex) => ex switch
    {
        OptionsValidationException => true,
        AggregateException aggregate => aggregate.InnerExceptions.All(IsConfigurationError),
        InvalidOperationException => BinderError(ex) is not null,
        _ => false,
    };

    /// <summary>
    /// Every problem, each once. The configuration binder stops at the first value it cannot convert, before any
    /// validator has run; so each such value is unset and <see cref="FirehoseAuthOptions"/> bound again through its
    /// (uncached) factory, until binding succeeds and the validators report the rest. The process exits afterwards,
    /// so changing its configuration here harms nothing.
    /// </summary>
    private static List<string> Describe(WebApplication app, Exception first)
    {
        var problems = new List<string>();
        Add(problems, first);
        var factory = app.Services.GetService<IOptionsFactory<FirehoseAuthOptions>>();
        var unset = new HashSet<string>(StringComparer.OrdinalIgnoreCase);
        for (var error = BinderError(first); error is not null && factory is not null && unset.Add(error.Value.Path);)
        {
            app.Configuration[error.Value.Path] = null;
            error = null;
            try
            {
                factory.Create(Options.DefaultName);
            }
            catch (OptionsValidationException ex)
            {
                Add(problems, ex);
            }
            catch (InvalidOperationException ex) when (BinderError(ex) is { } next)
            {
                Add(problems, ex);
                error = next;
            }
        }

        return problems;
    }

    private static void Add(List<string> problems, Exception ex)
    {
        IEnumerable<string> found = ex switch
        {
            AggregateException aggregate => aggregate.InnerExceptions.SelectMany(e => Collect(e)),
            _ => Collect(ex),
        };
        foreach (var problem in found)
        {
            if (!problems.Contains(problem, StringComparer.Ordinal))
            {
                problems.Add(problem);
            }
        }
    }

    private static IEnumerable<string> Collect(Exception ex) => ex switch
    {
        OptionsValidationException validation => validation.Failures,
        _ when BinderError(ex) is { } binding => [$"{binding.Path} cannot be read as {Expected(binding.Path, binding.Type)}."],
        _ => [ex.Message],
    };

    /// <summary>The setting and target type of a binder error ("Failed to convert configuration value … at 'PATH' to type 'TYPE'").</summary>
    private static (string Path, string Type)? BinderError(Exception ex)
    {
        var match = ex is InvalidOperationException ? BinderMessage().Match(ex.Message) : Match.Empty;
        return match.Success ? (match.Groups["path"].Value, match.Groups["type"].Value) : null;
    }

    /// <summary>What the setting must look like; the value itself is not repeated (a misplaced key must not be echoed).</summary>
    private static string Expected(string path, string type) => type switch
    {
        "System.Int32" or "System.Int64" when path.EndsWith("Size", StringComparison.OrdinalIgnoreCase) =>
            "a whole number of bytes (such as 16777216 for 16 MiB)",
        "System.Int32" or "System.Int64" => "a whole number",
        "System.TimeSpan" => "a duration (such as 00:05:00)",
        "System.Boolean" => "true or false",
        "System.DateTimeOffset" or "System.DateTime" => "an ISO-8601 date and time with an offset (such as 2030-01-31T12:00:00Z)",
        _ => $"a {type}",
    };

    private void Report(List<string> problems, Exception? ex)
    {
        var error = Console.Error;
        error.WriteLine($"FirehoseReceiver did not start: {(problems.Count == 1 ? "a setting is" : $"{problems.Count} settings are")} not valid.");
        foreach (var problem in problems)
        {
            error.WriteLine($"  - {problem}");
        }

        error.WriteLine("Settings come from appsettings.json or the environment (FirehoseAuth__Limits__MaxBodySize=…); see README.md, \"Configuration\".");
        if (ex is not null)
        {
            error.WriteLine(_verbose ? ex.ToString() : $"{VerboseFlag} or {VerboseVariable}=1 shows the exception and its stack trace.");
        }
    }

    [GeneratedRegex(@"Failed to convert configuration value (?:'.*' )?at '(?<path>[^']+)' to type '(?<type>[^']+)'", RegexOptions.Singleline)]
    private static partial Regex BinderMessage();
}
