using Metronome.Bench.Harness;

namespace Metronome.Bench.Reporting;

/// <summary>The results as printed at the end of a run: the figures, then the rows each query returned.</summary>
public static class ConsoleReport
{
    public const int PreviewRows = 8;

    public static void Write(TextWriter output, Comparison comparison, MachineInfo machine, QueryParameters parameters)
    {
        output.WriteLine();
        output.WriteLine($"machine: {machine.Cpu}, {machine.Cores} cores, {machine.MemoryBytes / (1024.0 * 1024 * 1024):F1} GiB, {machine.OperatingSystem}, {machine.Runtime}");
        output.WriteLine($"load average now: {MachineInfo.LoadAverage()} (other work on the machine skews timings)");
        output.WriteLine($"engines: {string.Join("; ", comparison.Reports.Select(r => $"{r.Name} = {r.Description}"))}");
        output.WriteLine($"parameters: app={parameters.App} item={parameters.Item} day={parameters.Day:yyyy-MM-dd} word={parameters.Word}");
        output.WriteLine();
        output.Write(TextTable.Plain(Header(comparison), comparison.Rows.Select(r => Cells(comparison, r)), "  "));

        output.WriteLine();
        output.WriteLine("rows returned" + (comparison.Reference is { } reference ? $" (by {reference.Name}; other targets are compared with it)" : "") + ":");
        foreach (BenchQuery query in comparison.Queries)
        {
            if (comparison.Reference?.Queries.TryGetValue(query.Id, out var timing) != true)
                continue;
            output.WriteLine($"  {query.Id} {query.Title}");
            foreach (ResultTable table in timing!.Result.Tables)
                output.Write(Preview(table, "    "));
            foreach (var ((target, id), difference) in comparison.Agreement.Where(a => a.Key.Query == query.Id))
                output.WriteLine(difference is null ? $"    {target}: same rows" : $"    {target}: MISMATCH: {difference}");
        }
        if (!comparison.AllAgree)
            output.WriteLine("\nWARNING: some results differ between targets (see MISMATCH above)");
    }

    public static IReadOnlyList<string> Header(Comparison comparison)
    {
        var header = new List<string> { "metric" };
        header.AddRange(comparison.Reports.Select(r => r.Name));
        if (comparison.HasRatio)
            header.AddRange(["metronome/clickhouse", "goal", "met"]);
        return header;
    }

    public static IReadOnlyList<string> Cells(Comparison comparison, MetricRow row)
    {
        var cells = new List<string> { row.Metric };
        cells.AddRange(row.Values);
        if (comparison.HasRatio)
            cells.AddRange([row.Ratio ?? "-", row.Goal ?? "", row.Met switch { true => "yes", false => "NO", null => "" }]);
        return cells;
    }

    public static string Preview(ResultTable table, string indent)
    {
        var rows = table.Rows.Take(PreviewRows).Select(r => (IReadOnlyList<string>)r).ToList();
        string text = TextTable.Plain(table.Columns, rows, indent);
        if (table.Rows.Count > PreviewRows)
            text += $"{indent}... {table.Rows.Count:N0} rows in all\n";
        return text;
    }
}
