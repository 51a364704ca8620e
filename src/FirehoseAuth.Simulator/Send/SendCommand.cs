using System.Text.Json;
using FirehoseAuth.Testing;

namespace FirehoseAuth.Simulator;

/// <summary><c>firehose-sim send</c>: delivers records from a file or standard input as Firehose would.</summary>
internal static class SendCommand
{
    private static readonly HashSet<string> ValueFlags = ["url", "key", "records", "batch-mib", "interval", "source-arn", "timeout", "retry-duration"];
    private static readonly HashSet<string> Switches = ["gzip", "ndjson"];
    private static readonly HashSet<string> MultiFlags = ["common"];

    public static async Task<int> RunAsync(string[] args, TextReader input, TextWriter output, TextWriter error, CancellationToken cancellationToken)
    {
        if (!CommandLine.TryParse(args, ValueFlags, Switches, MultiFlags, out var line, out var problem)
            || !SimulatorCli.TryGetTarget(line, out var url, out var key, out problem)
            || !line.TryGetNumber("batch-mib", 5, 1, 64, out var mib, out problem)
            || !line.TryGetNumber("interval", 300, 0, 900, out var interval, out problem)
            || !line.TryGetNumber("timeout", 180, 0.001, 86_400, out var timeout, out problem)
            || !line.TryGetNumber("retry-duration", 300, 0, 7200, out var retryDuration, out problem)
            || !TryGetCommonAttributes(line, out var common, out problem))
        {
            await error.WriteLineAsync($"firehose-sim send: {problem}. See firehose-sim --help.").ConfigureAwait(false);
            return SimulatorCli.UsageError;
        }

        if (mib != Math.Floor(mib))
        {
            await error.WriteLineAsync("firehose-sim send: --batch-mib must be a whole number of MiB.").ConfigureAwait(false);
            return SimulatorCli.UsageError;
        }

        var path = line.Get("records") ?? "-";
        TextReader reader;
        try
        {
            reader = path == "-" ? input : File.OpenText(path);
        }
        catch (IOException ex)
        {
            await error.WriteLineAsync($"firehose-sim send: cannot read {path}: {ex.Message}").ConfigureAwait(false);
            return SimulatorCli.UsageError;
        }

        using var client = SimulatorCli.CreateClient();
        var options = new FirehoseSenderOptions { ResponseTimeout = TimeSpan.FromSeconds(timeout), RetryDuration = TimeSpan.FromSeconds(retryDuration) };
        var sender = new FirehoseSender(client, url, _ => key, options);
        var hints = new FirehoseBufferingHints { SizeInMiB = (int)mib, Interval = TimeSpan.FromSeconds(interval) };
        var ndjson = line.Has("ndjson");
        var summary = new SendSummary();
        var progress = ReferenceEquals(error, Console.Error) && !Console.IsErrorRedirected;
        try
        {
            var records = ndjson ? CheckedJson(FirehoseRecords.FromLinesAsync(reader, keepNewline: true, cancellationToken)) : FirehoseRecords.FromLinesAsync(reader, cancellationToken: cancellationToken);
            await foreach (var batch in FirehoseBatcher.BatchAsync(records, hints, cancellationToken: cancellationToken).ConfigureAwait(false))
            {
                var delivery = new SimulatedDelivery(batch) { Gzip = line.Has("gzip"), SourceArn = line.Get("source-arn") ?? SimulatedDelivery.DefaultSourceArn, CommonAttributes = common };
                var outcome = await sender.SendAsync(delivery, cancellationToken).ConfigureAwait(false);
                summary.Add(outcome, batch.Count);
                if (!outcome.IsDelivered)
                {
                    await error.WriteLineAsync((progress ? "\r" : string.Empty) + outcome).ConfigureAwait(false);
                }

                if (progress)
                {
                    await error.WriteAsync($"\r{summary.Deliveries} deliveries, {summary.Records} records, {summary.Failures} failed attempts").ConfigureAwait(false);
                }
            }
        }
        catch (InvalidDataException ex)
        {
            await error.WriteLineAsync($"firehose-sim send: {ex.Message}").ConfigureAwait(false);
            return SimulatorCli.UsageError;
        }
        catch (ArgumentException ex)
        {
            await error.WriteLineAsync($"firehose-sim send: {ex.Message}").ConfigureAwait(false);
            return SimulatorCli.UsageError;
        }
        finally
        {
            if (!ReferenceEquals(reader, input))
            {
                reader.Dispose();
            }
        }

        if (progress)
        {
            await error.WriteLineAsync().ConfigureAwait(false);
        }

        await output.WriteLineAsync(summary.ToString()).ConfigureAwait(false);
        return summary.AllDelivered ? SimulatorCli.Success : SimulatorCli.Failure;
    }

    private static bool TryGetCommonAttributes(CommandLine line, out Dictionary<string, string>? attributes, out string? problem)
    {
        attributes = null;
        problem = null;
        foreach (var pair in line.GetAll("common"))
        {
            var equals = pair.IndexOf('=', StringComparison.Ordinal);
            if (equals <= 0)
            {
                problem = $"--common takes name=value pairs, not '{pair}'";
                return false;
            }

            attributes ??= new(StringComparer.Ordinal);
            attributes[pair[..equals]] = pair[(equals + 1)..];
        }

        return true;
    }

    private static async IAsyncEnumerable<ReadOnlyMemory<byte>> CheckedJson(IAsyncEnumerable<ReadOnlyMemory<byte>> lines)
    {
        var number = 0;
        await foreach (var record in lines.ConfigureAwait(false))
        {
            number++;
            try
            {
                using var document = JsonDocument.Parse(record);
            }
            catch (JsonException ex)
            {
                throw new InvalidDataException($"record {number} is not JSON ({ex.Message}); drop --ndjson to send lines as they are.", ex);
            }

            yield return record;
        }
    }
}
