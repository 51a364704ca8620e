using BenchmarkDotNet.Configs;
using BenchmarkDotNet.Exporters;
using BenchmarkDotNet.Exporters.Json;
using BenchmarkDotNet.Jobs;
using BenchmarkDotNet.Running;
using BenchmarkDotNet.Toolchains.InProcess.Emit;
using FirehoseAuth.Benchmarks;
using Perfolizer.Horology;

// Local: dotnet run -c Release --project benchmarks/FirehoseAuth.Benchmarks -- --filter '*'   (full BenchmarkDotNet jobs)
// CI:    add --ci for a short in-process job over the whole suite (a few minutes), then the ratio report;
//        --baseline benchmarks/baseline.json compares it with the committed baseline and fails on a regression;
//        --write-baseline PATH writes this run's figures as a new baseline (take it from a quiet machine).
// Redis: add --redis-latency for the Redis ledger's p50/p99 on loopback (starts its own redis-server), instead of BenchmarkDotNet.
if (args.Contains("--redis-latency"))
{
    return await FirehoseAuth.Benchmarks.Deduplication.RedisLedgerLatency.RunAsync(Console.Out);
}

var ci = args.Contains("--ci");
var baseline = Option("--baseline");
var writeBaseline = Option("--write-baseline");
args = [.. args.Where(a => a != "--ci")];

var config = DefaultConfig.Instance
    .AddExporter(JsonExporter.Full)
    .AddExporter(MarkdownExporter.GitHub);
if (ci)
{
    config = config.AddJob(Job.Dry
        .WithToolchain(InProcessEmitToolchain.Instance)
        .WithStrategy(BenchmarkDotNet.Engines.RunStrategy.Throughput)
        .WithLaunchCount(1)
        .WithWarmupCount(5)
        .WithIterationCount(9)
        .WithIterationTime(TimeInterval.FromMilliseconds(80))
        .WithId("CI"));
}

var summaries = BenchmarkSwitcher.FromAssembly(typeof(RatioReport).Assembly).Run(args, config).ToList();
if (summaries.Count == 0)
{
    return 0;
}

var (ratios, allocations) = RatioReport.Print(summaries, Console.Out);
PerItemReport.Print(summaries, Console.Out);
if (writeBaseline is not null)
{
    RegressionGate.Write(writeBaseline, ratios, allocations, $"written by --write-baseline on {DateTime.UtcNow:yyyy-MM-dd}");
}

var regressions = baseline is null ? 0 : RegressionGate.Check(baseline, ratios, allocations, Console.Out);

// A benchmark whose setup check threw, or that produced no measurement, fails the run (times never do).
var broken = summaries.SelectMany(s => s.Reports).Where(r => !r.Success || r.ResultStatistics is null).Select(r => r.BenchmarkCase.DisplayInfo).ToList();
var invalid = summaries.Where(s => s.HasCriticalValidationErrors).Select(s => s.Title).ToList();
foreach (var name in broken.Concat(invalid))
{
    Console.WriteLine($"FAILED: {name}");
}

return broken.Count + invalid.Count + regressions == 0 ? 0 : 1;

string? Option(string name)
{
    var at = Array.IndexOf(args, name);
    if (at < 0 || at + 1 >= args.Length)
    {
        return null;
    }

    var value = args[at + 1];
    args = [.. args[..at], .. args[(at + 2)..]];
    return value;
}
