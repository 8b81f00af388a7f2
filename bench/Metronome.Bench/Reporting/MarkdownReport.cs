using System.Globalization;
using System.Text;
using Metronome.Bench.Harness;

namespace Metronome.Bench.Reporting;

/// <summary>The committed record of a run: bench/results/store-vs-clickhouse-DATE[-EVENTS].md.</summary>
public static class MarkdownReport
{
    public const long ReferenceEvents = 10_000_000;

    /// <summary>Full-size runs get the plain dated name; smaller runs a suffix, so a quick check never
    /// overwrites the reference result of the day.</summary>
    public static string FileName(DateTimeOffset when, long events) =>
        $"store-vs-clickhouse-{when:yyyy-MM-dd}" + (events == ReferenceEvents ? "" : $"-{events}") + ".md";

    public static string Render(Comparison comparison, MachineInfo machine, QueryParameters parameters, RunDescription run)
    {
        var md = new StringBuilder();
        md.Append(CultureInfo.InvariantCulture, $"# Store benchmark: {string.Join(" vs ", comparison.Reports.Select(r => r.Name))}, {run.When:yyyy-MM-dd}\n\n");
        md.Append(CultureInfo.InvariantCulture, $"`{run.CommandLine}`\n\n");
        md.Append(CultureInfo.InvariantCulture, $"Workload: {run.Events:N0} events (seed {run.Seed}), {run.DataBytes / 1e6:N0} MB of NDJSON; ")
          .Append(CultureInfo.InvariantCulture, $"each query: warmed up for at least one run and 1 s, then the median of {run.Runs} runs. ")
          .Append(CultureInfo.InvariantCulture, $"Parameters: app `{parameters.App}`, item `{parameters.Item}`, day `{parameters.Day:yyyy-MM-dd}`, word `{parameters.Word}`.\n\n");

        md.Append("## Machine\n\n");
        md.Append(TextTable.Markdown(["", ""],
        [
            ["CPU", machine.Cpu],
            ["cores", machine.Cores.ToString(CultureInfo.InvariantCulture)],
            ["RAM", $"{machine.MemoryBytes / (1024.0 * 1024 * 1024):F1} GiB"],
            ["OS", machine.OperatingSystem],
            [".NET", machine.Runtime],
            ["load average (1/5/15 min) at start, end", $"{run.LoadAverageAtStart}; {run.LoadAverageAtEnd}"],
            .. comparison.Reports.Select(r => (IReadOnlyList<string>)[r.Name, r.Description]),
        ]));

        md.Append("\n## Results\n\n");
        md.Append(TextTable.Markdown(ConsoleReport.Header(comparison), comparison.Rows.Select(r => ConsoleReport.Cells(comparison, r))));
        md.Append("\nIngest is the wall time of loading the whole file, as each target's notes below say. Bytes on disk are measured after ")
          .Append("compaction (ClickHouse: `OPTIMIZE TABLE events FINAL`, active parts only). Peak RSS is the engine process's high-water mark while loading.\n");

        md.Append("\n## Notes per target\n\n");
        foreach (TargetReport report in comparison.Reports)
            md.Append(CultureInfo.InvariantCulture, $"- **{report.Name}**: {report.Load?.Note ?? "-"}\n");

        md.Append("\n## Rows returned\n\n");
        if (comparison.Reference is { } reference)
            md.Append(CultureInfo.InvariantCulture, $"As returned by {reference.Name} (first {ConsoleReport.PreviewRows} rows of each table); other targets are compared with it cell by cell.\n\n");
        foreach (BenchQuery query in comparison.Queries)
        {
            md.Append(CultureInfo.InvariantCulture, $"### {query.Id}: {query.Title}\n\n{query.Semantics}\n\n");
            if (comparison.Reference?.Queries.TryGetValue(query.Id, out var timing) == true)
            {
                md.Append("```\n");
                foreach (ResultTable table in timing!.Result.Tables)
                    md.Append(ConsoleReport.Preview(table, ""));
                md.Append("```\n\n");
            }
            foreach (var ((target, id), difference) in comparison.Agreement.Where(a => a.Key.Query == query.Id))
                md.Append(CultureInfo.InvariantCulture, $"{target}: {(difference is null ? "same rows" : "**MISMATCH**: " + difference)}\n\n");
        }
        return md.ToString();
    }
}

/// <summary>How the run was invoked, for the report header.</summary>
public sealed record RunDescription(DateTimeOffset When, string CommandLine, long Events, ulong Seed, long DataBytes, int Runs,
    string LoadAverageAtStart, string LoadAverageAtEnd);
