using System.Globalization;
using BenchmarkDotNet.Reports;
using FirehoseAuth.Benchmarks.Deduplication;
using FirehoseAuth.Benchmarks.Payloads;

namespace FirehoseAuth.Benchmarks;

/// <summary>
/// Prints time and managed allocation per item for the benchmarks whose operation holds many items (a delivery of log
/// events or metrics) or whose promise is per delivery (the memory ledger): the per-operation figures of the
/// allocation table divided by the items in one operation, with the figure to reach. Absolute times are printed, never
/// gated (the ratios and the 0 B list are).
/// </summary>
public static class PerItemReport
{
    private sealed record Subject(string Type, string Items, int PerOperation, string Method, string Target);

    private static readonly Subject[] Subjects =
    [
        new(nameof(CloudWatchLogsBenchmarks), "events", CloudWatchLogsBenchmarks.EventsPerOperation, "Decoder", "0 B per event"),
        new(nameof(CloudWatchLogsBenchmarks), "events", CloudWatchLogsBenchmarks.EventsPerOperation, "Naive", ""),
        new(nameof(MetricStreamsJsonBenchmarks), "metrics", MetricStreamsJsonBenchmarks.MetricsPerOperation, "Decoder", "0 B per metric"),
        new(nameof(MetricStreamsJsonBenchmarks), "metrics", MetricStreamsJsonBenchmarks.MetricsPerOperation, "Naive", ""),
        new(nameof(MemoryDeliveryLedgerBenchmarks), "delivery", 1, "ClaimAndComplete", "<= 2000 ns and 0 B per delivery"),
        new(nameof(MemoryDeliveryLedgerBenchmarks), "delivery", 1, "NaiveConcurrentDictionary", ""),
    ];

    public static void Print(IEnumerable<Summary> summaries, TextWriter output)
    {
        var rows = new List<string>();
        foreach (var report in summaries.SelectMany(s => s.Reports))
        {
            var type = report.BenchmarkCase.Descriptor.Type.Name;
            var method = report.BenchmarkCase.Descriptor.WorkloadMethod.Name;
            if (Subjects.FirstOrDefault(s => s.Type == type && s.Method == method) is not { } subject || report.ResultStatistics is not { } statistics)
            {
                continue;
            }

            var bytes = report.GcStats.GetBytesAllocatedPerOperation(report.BenchmarkCase);
            var perItem = bytes is { } b ? ((double)b / subject.PerOperation).ToString("F3", CultureInfo.InvariantCulture) : "n/a";
            rows.Add(string.Create(CultureInfo.InvariantCulture,
                $"| {type} | {method} | {subject.PerOperation} {subject.Items} | {statistics.Median / subject.PerOperation:F1} ns | {bytes?.ToString(CultureInfo.InvariantCulture) ?? "n/a"} B | {perItem} B | {subject.Target} |"));
        }

        if (rows.Count == 0)
        {
            return;
        }

        output.WriteLine();
        output.WriteLine("## Per item (median time and managed allocation of one operation, divided by its items)");
        output.WriteLine("| class | method | items per operation | time per item | allocated per operation | allocated per item | figure to reach |");
        output.WriteLine("|---|---|---|---:|---:|---:|---|");
        rows.ForEach(output.WriteLine);
    }
}
