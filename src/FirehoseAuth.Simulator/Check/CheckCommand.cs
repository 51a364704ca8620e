namespace FirehoseAuth.Simulator;

/// <summary><c>firehose-sim check</c>: runs the catalogue against a receiver and prints PASS/FAIL per case.</summary>
internal static class CheckCommand
{
    private static readonly HashSet<string> ValueFlags = ["url", "key", "answer-wait", "timeout"];
    private static readonly HashSet<string> Switches = ["json"];

    public static async Task<int> RunAsync(string[] args, TextWriter output, TextWriter error, CancellationToken cancellationToken)
    {
        if (!CommandLine.TryParse(args, ValueFlags, Switches, new HashSet<string>(), out var line, out var problem)
            || !SimulatorCli.TryGetTarget(line, out var url, out var key, out problem)
            || !line.TryGetNumber("answer-wait", 10, 0.1, 600, out var answerWait, out problem)
            || !line.TryGetNumber("timeout", 180, 0.1, 86_400, out var timeout, out problem))
        {
            await error.WriteLineAsync($"firehose-sim check: {problem}. See firehose-sim --help.").ConfigureAwait(false);
            return SimulatorCli.UsageError;
        }

        using var client = SimulatorCli.CreateClient();
        var context = new CheckContext(url, key, client, TimeSpan.FromSeconds(timeout), TimeSpan.FromSeconds(answerWait));
        var json = line.Has("json");
        var results = await CheckCatalogue.RunAsync(context, json ? null : r => output.WriteLine(CheckReport.Line(r)), cancellationToken).ConfigureAwait(false);
        if (json)
        {
            await output.WriteLineAsync(CheckReport.Json(url, results)).ConfigureAwait(false);
        }
        else
        {
            await output.WriteLineAsync(CheckReport.Summary(results)).ConfigureAwait(false);
        }

        return results.All(r => r.Passed) ? SimulatorCli.Success : SimulatorCli.Failure;
    }
}
