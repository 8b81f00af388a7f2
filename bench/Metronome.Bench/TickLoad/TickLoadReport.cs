using System.Globalization;
using System.Text;
using Metronome.Bench.Reporting;

namespace Metronome.Bench.TickLoad;

/// <summary>The comparison table (console and markdown) and the committed report bench/results/tick-load-DATE.md.</summary>
public static class TickLoadReport
{
    /// <summary>Issue 2's targets on this 2-core machine, durable.</summary>
    public const double SingleTarget = 30_000;
    public const double BatchTarget = 500_000;

    public static IReadOnlyList<string> Header(EngineLoad metronome, EngineLoad? postgres) =>
        postgres is null ? ["metric", "metronome", "issue 2 target"] : ["metric", "metronome", "postgresql", "metronome/postgresql", "issue 2 target"];

    public static List<IReadOnlyList<string>> Rows(EngineLoad metronome, EngineLoad? postgres, int batch)
    {
        var rows = new List<IReadOnlyList<string>>();
        void Add(string metric, Func<EngineLoad, double> value, string format, string target)
        {
            double m = value(metronome);
            var cells = new List<string> { metric, m.ToString(format, CultureInfo.InvariantCulture) };
            if (postgres is not null)
            {
                double p = value(postgres);
                cells.Add(p.ToString(format, CultureInfo.InvariantCulture));
                cells.Add(p > 0 ? (m / p).ToString("F2", CultureInfo.InvariantCulture) : "-");
            }
            cells.Add(target);
            rows.Add(cells);
        }
        Add("single events: accepted requests/s", e => e.Single.AcceptedPerSecond, "N0", Verdict(metronome.Single.AcceptedPerSecond, SingleTarget));
        Add("single events: p50 latency (ms)", e => e.Single.P50Ms, "F2", "");
        Add("single events: p99 latency (ms)", e => e.Single.P99Ms, "F2", "");
        Add($"batches of {batch:N0}: accepted events/s", e => e.Batch.EventsPerSecond, "N0", Verdict(metronome.Batch.EventsPerSecond, BatchTarget));
        Add($"batches of {batch:N0}: p50 latency (ms)", e => e.Batch.P50Ms, "F2", "");
        Add($"batches of {batch:N0}: p99 latency (ms)", e => e.Batch.P99Ms, "F2", "");
        Add("failed requests (both phases)", e => e.Single.Failures + e.Batch.Failures, "N0", "");
        return rows;
    }

    public static string Markdown(EngineLoad metronome, EngineLoad? postgres, Cli.TickLoadOptions options, MachineInfo machine,
        DateTimeOffset started, string commandLine, string loadAtStart, string loadAtEnd, string wrkVersion)
    {
        var md = new StringBuilder();
        md.Append(CultureInfo.InvariantCulture, $"# Tick load benchmark: metronome{(postgres is null ? "" : " vs postgresql")}, {started:yyyy-MM-dd}\n\n");
        md.Append(CultureInfo.InvariantCulture, $"`{commandLine}`\n\n");
        md.Append(CultureInfo.InvariantCulture,
            $"Each phase runs {options.DurationSeconds} s after a {options.WarmupSeconds} s warm-up of the same shape. Single events: {options.Connections} keep-alive ")
          .Append(CultureInfo.InvariantCulture,
            $"connections (pgbench clients), one event per request (transaction). Batches: {options.BatchConnections} connections, {options.Batch:N0} events per NDJSON ")
          .Append("request (rows per multi-row INSERT). Both engines answer only once the data is durable (Metronome: fsync of its log before the 202; ")
          .Append("PostgreSQL: synchronous_commit=on). Latencies are per request, measured by the load driver (wrk, pgbench), which runs on the same 2 cores.\n\n");

        md.Append("## Machine\n\n");
        md.Append(TextTable.Markdown(["", ""],
        [
            ["CPU", machine.Cpu],
            ["cores", machine.Cores.ToString(CultureInfo.InvariantCulture)],
            ["RAM", $"{machine.MemoryBytes / (1024.0 * 1024 * 1024):F1} GiB"],
            ["OS", machine.OperatingSystem],
            [".NET", machine.Runtime],
            ["load driver", wrkVersion + "; pgbench"],
            ["load average (1/5/15 min) at start, end", $"{loadAtStart}; {loadAtEnd}"],
        ]));
        md.Append("\n## Results\n\n");
        md.Append(TextTable.Markdown(Header(metronome, postgres), Rows(metronome, postgres, options.Batch)));
        md.Append("\nRatios are Metronome/PostgreSQL: above 1 is better for Metronome on rates, below 1 is better on latencies.\n");
        md.Append("\n## Notes per engine\n\n");
        md.Append(CultureInfo.InvariantCulture, $"- **metronome**: {metronome.Notes}\n");
        if (postgres is not null)
            md.Append(CultureInfo.InvariantCulture, $"- **postgresql**: {postgres.Notes}\n");
        return md.ToString();
    }

    private static string Verdict(double value, double target) =>
        $"{target.ToString("N0", CultureInfo.InvariantCulture)}: {(value >= target ? "met" : "missed")}";
}
