using Metronome.Bench.Reporting;
using Metronome.Bench.TickLoad;

namespace Metronome.Bench.Cli;

/// <summary>`metronome-bench tick-load`: POST /tick throughput and latency against PostgreSQL (issue 2).</summary>
public static class TickLoadCommand
{
    public static async Task<int> RunAsync(TickLoadOptions options, string commandLine, CancellationToken ct)
    {
        string root = RepositoryRoot.Find();
        string work = Path.GetFullPath(options.WorkDir ?? Path.Combine(root, "bench", "results", "tmp", "tick-load"));
        string reportDir = Path.GetFullPath(options.ReportDir ?? Path.Combine(root, "bench", "results"));
        Directory.CreateDirectory(work);
        var started = DateTimeOffset.UtcNow;
        string loadAtStart = MachineInfo.LoadAverage();
        var wrkVersion = await ToolProcess.RunAsync("wrk", ["-v"], ct);
        string wrk = (wrkVersion.StandardOutput + wrkVersion.StandardError).Split('\n')[0].Split(" Copyright")[0].Trim();

        var run = new TickLoadRun(options, root, work, Console.Out);
        EngineLoad metronome = await run.RunMetronomeAsync(ct);
        EngineLoad? postgres = options.PostgresPort is int port ? await run.RunPostgresAsync(port, ct) : null;

        var machine = MachineInfo.Current();
        Console.WriteLine();
        Console.WriteLine($"machine: {machine.Cpu}, {machine.Cores} cores, {machine.MemoryBytes / (1024.0 * 1024 * 1024):F1} GiB, {machine.OperatingSystem}, {machine.Runtime}");
        Console.WriteLine($"load average at start: {loadAtStart}; now: {MachineInfo.LoadAverage()} (other work on the machine skews timings)");
        Console.WriteLine();
        Console.Write(TextTable.Plain(TickLoadReport.Header(metronome, postgres), TickLoadReport.Rows(metronome, postgres, options.Batch), "  "));

        Directory.CreateDirectory(reportDir);
        string reportPath = Path.Combine(reportDir, $"tick-load-{started:yyyy-MM-dd}.md");
        await File.WriteAllTextAsync(reportPath, TickLoadReport.Markdown(metronome, postgres, options, machine, started, commandLine,
            loadAtStart, MachineInfo.LoadAverage(), wrk), ct);
        Console.WriteLine($"\nreport: {Path.GetRelativePath(root, reportPath)}");
        bool failures = metronome.Single.Failures + metronome.Batch.Failures > 0;
        return failures ? 1 : 0;
    }
}
