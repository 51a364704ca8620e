using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace FirehoseAuth.Benchmarks;

/// <summary>
/// Compares this run's ratios and allocations with <c>benchmarks/baseline.json</c> and prints the table. A ratio fails
/// when it falls below half its baseline (a cost ratio: above twice it), a case listed as allocating 0 B fails when it
/// allocates a whole object per operation (24 B or more), or, for an operation longer than 96 µs, more than a quarter of
/// a byte per microsecond of its median time. BenchmarkDotNet counts every thread's allocations (the in-process job's own, the
/// runtime's), spread over the operations: in CI that has been up to 30 B on 1 ms parses and 150 B on 1 ms NDJSON
/// writes that allocate nothing when measured on their own thread. 250 B per millisecond is above that noise and
/// far below the regressions the gate is for: an allocation per record costs at least 24 B per record, 12 KB on a
/// 500-record parse of about 300 µs. A single object per delivery on a long operation is the unit tests' to catch
/// (they measure the allocating thread alone). Cases not in the baseline are printed as "new", baseline cases not run as "not run"; neither
/// fails, so that new benchmark classes and filtered runs pass.
/// </summary>
public static class RegressionGate
{
    private const long OneObject = 24;

    /// <summary>The background allocation allowed per microsecond of an operation's median time.</summary>
    private const double BytesPerMicrosecond = 0.25;

    /// <summary>The most a 0 B case may show: one object short of 24 B, or one byte per microsecond on long operations.</summary>
    public static long ZeroAllocationLimit(double? nanoseconds) => Math.Max(OneObject, (long)((nanoseconds ?? 0) / 1000 * BytesPerMicrosecond));

    /// <returns>The number of regressions.</returns>
    public static int Check(string baselinePath, List<RatioReport.Measured> ratios, List<RatioReport.Allocation> allocations, TextWriter output)
    {
        var baseline = JsonNode.Parse(File.ReadAllText(baselinePath))!;
        var expected = baseline["ratios"]!.AsObject().ToDictionary(p => p.Key, p => p.Value!.GetValue<double>(), StringComparer.Ordinal);
        var zero = baseline["zeroAllocation"]!.AsArray().Select(n => n!.GetValue<string>()).ToHashSet(StringComparer.Ordinal);
        var failures = 0;

        output.WriteLine();
        output.WriteLine($"## Against the baseline ({baselinePath}): a ratio fails below half its baseline (cost ratios: above twice), a 0 B case fails at {OneObject} B or more ({BytesPerMicrosecond} B per µs of a longer operation)");
        output.WriteLine("| case | baseline | measured | limit | status |");
        output.WriteLine("|---|---:|---:|---:|---|");
        foreach (var ratio in ratios)
        {
            if (!expected.Remove(ratio.Key, out var reference))
            {
                output.WriteLine(string.Create(CultureInfo.InvariantCulture, $"| {ratio.Key} | | {ratio.Value:F2} | | new |"));
                continue;
            }

            var limit = ratio.HigherIsBetter ? reference / 2 : reference * 2;
            var regressed = ratio.HigherIsBetter ? ratio.Value < limit : ratio.Value > limit;
            failures += regressed ? 1 : 0;
            output.WriteLine(string.Create(CultureInfo.InvariantCulture, $"| {ratio.Key} | {reference:F2} | {ratio.Value:F2} | {(ratio.HigherIsBetter ? ">=" : "<=")} {limit:F2} | {(regressed ? "REGRESSED" : "ok")} |"));
        }

        foreach (var (key, reference) in expected)
        {
            output.WriteLine(string.Create(CultureInfo.InvariantCulture, $"| {key} | {reference:F2} | | | not run |"));
        }

        foreach (var allocation in allocations)
        {
            if (!zero.Remove(allocation.Key))
            {
                continue;
            }

            var limit = ZeroAllocationLimit(allocation.Nanoseconds);
            var regressed = allocation.Bytes is not { } bytes || bytes >= limit;
            failures += regressed ? 1 : 0;
            output.WriteLine(string.Create(CultureInfo.InvariantCulture, $"| {allocation.Key} (allocated) | 0 B | {allocation.Bytes?.ToString(CultureInfo.InvariantCulture) ?? "n/a"} B | < {limit} B | {(regressed ? "REGRESSED" : "ok")} |"));
        }

        foreach (var key in zero)
        {
            output.WriteLine($"| {key} (allocated) | 0 B | | | not run |");
        }

        output.WriteLine(failures == 0 ? "No regression against the baseline." : $"FAILED: {failures} regression(s) against the baseline.");
        return failures;
    }

    /// <summary>Writes this run's ratios, and the cases that allocated less than the gate's limit, as a new baseline.</summary>
    public static void Write(string path, List<RatioReport.Measured> ratios, List<RatioReport.Allocation> allocations, string source)
    {
        var ratioNode = new JsonObject();
        foreach (var ratio in ratios)
        {
            ratioNode[ratio.Key] = Math.Round(ratio.Value, 2);
        }

        var document = new JsonObject
        {
            ["source"] = source,
            ["ratios"] = ratioNode,
            ["zeroAllocation"] = new JsonArray([.. allocations.Where(a => a.Bytes is { } bytes && bytes < ZeroAllocationLimit(a.Nanoseconds)).Select(a => (JsonNode)a.Key)]),
        };
        File.WriteAllText(path, document.ToJsonString(new JsonSerializerOptions { WriteIndented = true }) + "\n");
    }
}
