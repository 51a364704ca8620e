namespace FirehoseAuth.Simulator;

/// <summary>The entry point of <c>firehose-sim</c>, callable in-process (the tests do).</summary>
internal static class SimulatorCli
{
    public const int Success = 0;
    public const int Failure = 1;
    public const int UsageError = 2;

    public const string Usage = """
        firehose-sim: Amazon Data Firehose in a box, for any HTTP-endpoint receiver.

        firehose-sim send --url URL --key KEY [--records FILE|-] [--ndjson] [--gzip] [--batch-mib N] [--interval S]
                          [--common k=v ...] [--source-arn ARN] [--timeout S] [--retry-duration S]
            Delivers records (one per line of FILE, or of standard input with - or by default) as Firehose would:
            batched by the buffering hints (default 5 MiB / 300 s), retried with the same request id and Firehose's
            backoff for the retry duration (default 300 s), each answer judged. --ndjson checks each line is JSON and
            sends it with its trailing newline. Prints deliveries, records, attempts, failures and p50/p99 latency.
            Exit code 0 only when every delivery was delivered.

        firehose-sim check --url URL --key KEY [--json] [--answer-wait S]
            Runs the catalogue of protocol cases against the receiver and prints PASS/FAIL with the reasons, one
            line per case, then a summary (--json: the same as JSON). Exit code 0 only when every case passes.
            --answer-wait: how long a wrong-key request may take to be answered while its body is held back (default 10).

        Exit codes: 0 success, 1 a delivery or a case failed, 2 bad arguments.
        """;

    public static async Task<int> RunAsync(string[] args, TextReader input, TextWriter output, TextWriter error, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(args);
        if (args.Length == 0 || args[0] is "-h" or "--help" or "help")
        {
            await output.WriteLineAsync(Usage).ConfigureAwait(false);
            return args.Length == 0 ? UsageError : Success;
        }

        var rest = args.AsSpan(1).ToArray();
        switch (args[0])
        {
            case "send":
                return await SendCommand.RunAsync(rest, input, output, error, cancellationToken).ConfigureAwait(false);
            case "check":
                return await CheckCommand.RunAsync(rest, output, error, cancellationToken).ConfigureAwait(false);
            default:
                await error.WriteLineAsync($"firehose-sim: unknown command '{args[0]}' (send or check).").ConfigureAwait(false);
                return UsageError;
        }
    }

    /// <summary>Reads --url and --key, common to both commands.</summary>
    public static bool TryGetTarget(CommandLine line, out Uri url, out string key, out string? problem)
    {
        url = null!;
        key = line.Get("key") ?? string.Empty;
        problem = null;
        if (line.Get("url") is not { } text || !Uri.TryCreate(text, UriKind.Absolute, out var parsed) || (parsed.Scheme != Uri.UriSchemeHttp && parsed.Scheme != Uri.UriSchemeHttps))
        {
            problem = "--url must be an absolute http:// or https:// URL";
            return false;
        }

        if (key.Length == 0)
        {
            problem = "--key is required";
            return false;
        }

        url = parsed;
        return true;
    }

    /// <summary>A client that shows responses as sent (no decompression) and leaves timeouts to the caller.</summary>
    public static HttpClient CreateClient() =>
        new(new SocketsHttpHandler { AutomaticDecompression = System.Net.DecompressionMethods.None, PooledConnectionLifetime = TimeSpan.FromMinutes(1) })
        {
            Timeout = Timeout.InfiniteTimeSpan,
        };
}
