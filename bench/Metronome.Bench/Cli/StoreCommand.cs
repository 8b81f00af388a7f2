using Metronome.Bench.Harness;
using Metronome.Bench.Reporting;

namespace Metronome.Bench.Cli;

/// <summary>`metronome-bench store`: the embedded store against ClickHouse on the reference workload (issue 3).</summary>
public static class StoreCommand
{
    public static async Task<int> RunAsync(StoreOptions options, string commandLine, CancellationToken ct)
    {
        string root = RepositoryRoot.Find();
        string work = Path.GetFullPath(options.WorkDir ?? Path.Combine(root, "bench", "results", "tmp"));
        string reportDir = Path.GetFullPath(options.ReportDir ?? Path.Combine(root, "bench", "results"));
        var context = new TargetContext(root, work, Path.Combine(root, "bench", "queries"), options.TargetOptions);

        var registry = TargetRegistry.Build();
        var targetNames = options.Targets
            ?? [.. registry.Keys.OrderBy(k => k.Equals(Comparison.Baseline, StringComparison.OrdinalIgnoreCase) ? 0 : 1).ThenBy(k => k, StringComparer.Ordinal)];
        if (targetNames.FirstOrDefault(n => !registry.ContainsKey(n)) is { } unknown)
        {
            Console.Error.WriteLine($"metronome-bench: unknown target '{unknown}'; registered: {string.Join(", ", registry.Keys)}");
            return 2;
        }
        var queries = options.Queries is null
            ? BenchQueries.All
            : BenchQueries.All.Where(q => options.Queries.Contains(q.Id, StringComparer.OrdinalIgnoreCase)).ToList();
        if (queries.Count == 0)
        {
            Console.Error.WriteLine("metronome-bench: --queries selects none of " + string.Join(",", BenchQueries.All.Select(q => q.Id)));
            return 2;
        }

        var started = DateTimeOffset.UtcNow;
        string loadAtStart = MachineInfo.LoadAverage();
        var (dataFile, meta) = WorkloadFiles.Ensure(work, options.Events, options.Seed, Console.Out);
        var parameters = QueryParameters.From(meta);
        var runner = new BenchRunner(dataFile, parameters, queries, options.Runs, Console.Out);

        var reports = new List<TargetReport>();
        bool failed = false;
        foreach (string name in targetNames)
        {
            await using IBenchTarget target = registry[name](context);
            try
            {
                TargetReport report = await runner.RunAsync(target, ct);
                ResultDump.Write(work, report);
                reports.Add(report);
            }
            catch (Exception e) when (e is not OperationCanceledException)
            {
                Console.Error.WriteLine($"[{name}] FAILED: {e.Message}");
                failed = true;
            }
        }
        if (reports.Count == 0)
            return 1;

        var machine = MachineInfo.Current();
        var comparison = new Comparison(reports, queries);
        ConsoleReport.Write(Console.Out, comparison, machine, parameters);

        Directory.CreateDirectory(reportDir);
        string reportPath = Path.Combine(reportDir, MarkdownReport.FileName(started, options.Events));
        var run = new RunDescription(started, commandLine, meta.Events, meta.Seed, new FileInfo(dataFile).Length, options.Runs,
            loadAtStart, MachineInfo.LoadAverage());
        await File.WriteAllTextAsync(reportPath, MarkdownReport.Render(comparison, machine, parameters, run), ct);
        Console.WriteLine($"\nreport: {Path.GetRelativePath(root, reportPath)}; all rows: {Path.Combine(work, "results")}");
        return failed || !comparison.AllAgree ? 1 : 0;
    }
}
