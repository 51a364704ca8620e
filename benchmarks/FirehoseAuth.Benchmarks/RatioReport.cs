using System.Globalization;
using BenchmarkDotNet.Reports;

namespace FirehoseAuth.Benchmarks;

/// <summary>
/// Prints the figures the project promises as ratios of medians within one run (absolute times on shared machines are
/// noise, and a short job's mean is pulled by its slowest iteration):
/// the parser against the Base64 ceiling, the reader+Base64 pass, gunzip and the naive deserializer; the validator
/// against SHA-256 + FixedTimeEquals; the payload decoders against the naive deserializer (and CloudWatch Logs against
/// gunzip alone); the memory ledger against a hand-written dictionary; and the allocation per operation (per item:
/// <see cref="PerItemReport"/>). Each ratio is "how many times faster" (or, for
/// costs, "how many times the ceiling"), with the figure to reach beside it.
/// </summary>
public static class RatioReport
{
    private sealed record Rule(string Type, string Name, string Numerator, string Denominator, Func<IReadOnlyDictionary<string, string>, string?> Target, Func<IReadOnlyDictionary<string, string>, bool>? When = null)
    {
        /// <summary>Cost ratios (FirehoseAuth's time over the ceiling's) are better lower.</summary>
        public bool HigherIsBetter => Type != "AccessKeyValidatorBenchmarks";
    }

    /// <summary>One measured ratio: its key is "class | parameters | ratio".</summary>
    public sealed record Measured(string Key, double Value, bool HigherIsBetter);

    /// <summary>One allocation figure: its key is "class | parameters | method"; <paramref name="Nanoseconds"/> is the median time of one operation.</summary>
    public sealed record Allocation(string Key, long? Bytes, double? Nanoseconds);

    private static string? CeilingFigure(IReadOnlyDictionary<string, string> parameters)
        => parameters["Shape"].StartsWith("B", StringComparison.Ordinal) ? ">= 0.35" : ">= 0.70";

    private static string? NaiveFigure(IReadOnlyDictionary<string, string> parameters)
        => parameters["Gzip"] == "True" ? null : parameters["Shape"][0] switch { 'A' => ">= 30", 'B' => ">= 10", _ => ">= 40" };

    private static readonly Rule[] Rules =
    [
        // Speed ratios: time(reference) / time(FirehoseAuth) — higher is better.
        new("ParserBenchmarks", "parser speed / Base64 ceiling", "Base64Alone", "ParserFromStream", CeilingFigure, p => p["Gzip"] == "False"),
        new("ParserBenchmarks", "PipeReader parser speed / Base64 ceiling (decoded from the pipe's segments)", "Base64Alone", "ParserFromPipeReader", CeilingFigure, p => p["Gzip"] == "False"),
        new("ParserBenchmarks", "parser speed / (copy + Base64), the floor for a Stream reader", "CopyThenBase64", "ParserFromStream", _ => null, p => p["Gzip"] == "False"),
        new("ParserBenchmarks", "parser speed / Utf8JsonReader+Base64", "ReaderPlusBase64", "ParserFromStream", _ => null, p => p["Gzip"] == "False"),
        new("ParserBenchmarks", "TryParse(span) speed / Utf8JsonReader+Base64 (same body in memory)", "ReaderPlusBase64", "ParserFromSpan",
            p => p["Shape"].StartsWith("A", StringComparison.Ordinal) ? ">= 0.8" : null, p => p["Gzip"] == "False"),
        new("ParserBenchmarks", "parser speed / gunzip alone", "GunzipAlone", "ParserFromStream", _ => ">= 0.95", p => p["Gzip"] == "True"),
        new("ParserBenchmarks", "(gunzip, then Base64) speed / gunzip alone: the most one thread can reach on the line above", "GunzipAlone", "CopyThenBase64", _ => null, p => p["Gzip"] == "True"),
        new("ParserBenchmarks", "parser speed / (gunzip, then Base64), the floor for a gzip'd body", "CopyThenBase64", "ParserFromStream", _ => null, p => p["Gzip"] == "True"),
        new("ParserBenchmarks", "parser speed / naive (string data)", "NaiveStringData", "ParserFromStream", NaiveFigure),
        new("ParserBenchmarks", "TryParse(span) speed / Base64 ceiling", "Base64Alone", "ParserFromSpan", _ => null, p => p["Gzip"] == "False"),
        new("ParserBenchmarks", "TryParse(span) speed / naive (string data)", "NaiveStringData", "ParserFromSpan", _ => null, p => p["Gzip"] == "False"),
        new("EndpointBenchmarks", "endpoint path speed / naive minimal API", "Naive", "Accepted", _ => null),
        new("ParserBenchmarks", "PipeReader parser speed / naive", "NaiveStringData", "ParserFromPipeReader", NaiveFigure),
        new("NdjsonWriterBenchmarks", "receiver NDJSON writer speed / Utf8JsonWriter per line", "JsonWriterPerLine", "NdjsonWriter", _ => null),
        new("NdjsonWriterBenchmarks", "receiver NDJSON writer speed / copy of its output", "CopyOutput", "NdjsonWriter", _ => null),
        new("CloudWatchLogsBenchmarks", "CloudWatch Logs decoder speed / naive (GZipStream + JsonSerializer)", "Naive", "Decoder", _ => ">= 5"),
        new("CloudWatchLogsBenchmarks", "CloudWatch Logs decoder speed / gunzip alone", "GunzipAlone", "Decoder", _ => ">= 0.85"),
        new("CloudWatchLogsBenchmarks", "(gunzip, then JSON tokens) speed / gunzip alone: the most any decoder can reach on the line above", "GunzipAlone", "GunzipThenTokenize", _ => null),
        new("CloudWatchLogsBenchmarks", "(gunzip, then JSON tokens) speed / naive: the most any decoder can reach against the naive code", "Naive", "GunzipThenTokenize", _ => null),
        new("CloudWatchLogsBenchmarks", "CloudWatch Logs decoder speed / (gunzip, then JSON tokens), the floor", "GunzipThenTokenize", "Decoder", _ => null),
        new("MetricStreamsJsonBenchmarks", "Metric Streams JSON decoder speed / naive JsonSerializer per line", "Naive", "Decoder", _ => ">= 5"),
        new("MetricStreamsJsonBenchmarks", "JSON tokens alone speed / naive JsonSerializer per line: the most any decoder can reach on the line above", "Naive", "TokenizeAlone", _ => null),
        new("MetricStreamsJsonBenchmarks", "Metric Streams JSON decoder speed / JSON tokens alone, the floor", "TokenizeAlone", "Decoder", _ => null),
        new("MemoryDeliveryLedgerBenchmarks", "memory ledger claim+complete speed / ConcurrentDictionary by hand", "NaiveConcurrentDictionary", "ClaimAndComplete", _ => null),

        // Cost ratios: time(FirehoseAuth) / time(ceiling) — lower is better.
        new("AccessKeyValidatorBenchmarks", "validate current / ceiling", "ValidCurrent", "Ceiling", _ => "<= 1.1"),
        new("AccessKeyValidatorBenchmarks", "validate invalid / ceiling", "Invalid", "Ceiling", _ => "<= 1.1"),
        new("AccessKeyValidatorBenchmarks", "validate previous / ceiling", "ValidPrevious", "Ceiling", _ => "<= 1.1"),
        new("AccessKeyValidatorBenchmarks", "validate expired previous / ceiling", "ExpiredPrevious", "Ceiling", _ => "<= 1.1"),
    ];

    public static (List<Measured> Ratios, List<Allocation> Allocations) Print(IEnumerable<Summary> summaries, TextWriter output)
    {
        var measured = new List<Measured>();
        var allocated = new List<Allocation>();
        var rows = new List<string>();
        var allocations = new List<string>();
        foreach (var summary in summaries)
        {
            foreach (var group in summary.Reports.GroupBy(r => (r.BenchmarkCase.Descriptor.Type.Name, Parameters: r.BenchmarkCase.Parameters.DisplayInfo)))
            {
                var byMethod = group.ToDictionary(r => r.BenchmarkCase.Descriptor.WorkloadMethod.Name);
                var parameters = group.First().BenchmarkCase.Parameters.Items.ToDictionary(p => p.Name, p => p.Value?.ToString() ?? "");
                foreach (var rule in Rules.Where(r => r.Type == group.Key.Name && (r.When?.Invoke(parameters) ?? true)))
                {
                    if (Median(byMethod, rule.Numerator) is { } numerator && Median(byMethod, rule.Denominator) is { } denominator && denominator > 0)
                    {
                        rows.Add(string.Create(CultureInfo.InvariantCulture, $"| {group.Key.Name} | {group.Key.Parameters} | {rule.Name} | {numerator / denominator:F2} | {rule.Target(parameters) ?? ""} |"));
                        measured.Add(new Measured($"{group.Key.Name} | {group.Key.Parameters} | {rule.Name}", numerator / denominator, rule.HigherIsBetter));
                    }
                }

                foreach (var (method, report) in byMethod.Where(m => m.Key.StartsWith("Parser", StringComparison.Ordinal) || m.Key.StartsWith("Valid", StringComparison.Ordinal) || m.Key is "Accepted" or "Unauthenticated" or "NdjsonWriter" or "Decoder" or "ClaimAndComplete" || m.Key.Contains("Provider", StringComparison.Ordinal)))
                {
                    var bytes = report.GcStats.GetBytesAllocatedPerOperation(report.BenchmarkCase);
                    allocations.Add(string.Create(CultureInfo.InvariantCulture, $"| {group.Key.Name} | {group.Key.Parameters} | {method} | {bytes?.ToString(CultureInfo.InvariantCulture) ?? "n/a"} B |"));
                    allocated.Add(new Allocation($"{group.Key.Name} | {group.Key.Parameters} | {method}", bytes, report.ResultStatistics?.Median));
                }
            }
        }

        output.WriteLine();
        output.WriteLine("## Ratios within this run");
        output.WriteLine("| class | parameters | ratio | measured | figure to reach |");
        output.WriteLine("|---|---|---|---:|---|");
        rows.ForEach(output.WriteLine);
        output.WriteLine();
        output.WriteLine("## Managed allocation per operation (FirehoseAuth paths)");
        output.WriteLine("| class | parameters | method | allocated |");
        output.WriteLine("|---|---|---|---:|");
        allocations.ForEach(output.WriteLine);
        return (measured, allocated);
    }

    private static double? Median(Dictionary<string, BenchmarkReport> byMethod, string method)
        => byMethod.TryGetValue(method, out var report) ? report.ResultStatistics?.Median : null;
}
