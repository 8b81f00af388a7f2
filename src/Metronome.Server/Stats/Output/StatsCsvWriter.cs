using System.Globalization;
using Metronome.Server.Stats.Execution;

namespace Metronome.Server.Stats.Output;

/// <summary>Any query as CSV (RFC 4180): a header of dimension then metric names, one line per row.
/// Revenue is written as its amount; comparisons add <c>NAME_comparison</c> and <c>NAME_change</c>.</summary>
public static class StatsCsvWriter
{
    public static void Write(TextWriter writer, StatsResult result)
    {
        var query = result.Query;
        var header = query.Dimensions.Select(d => d.Name).Concat(query.Metrics.Select(m => m.Name)).ToList();
        if (query.Include.Comparison is not null)
        {
            header.AddRange(query.Metrics.Select(m => m.Name + "_comparison"));
            header.AddRange(query.Metrics.Select(m => m.Name + "_change"));
        }

        WriteLine(writer, header);
        foreach (var row in result.Rows)
        {
            var cells = row.Dimensions.Concat(row.Metrics.Select(Cell)).ToList();
            if (row.Comparison is { } comparison)
            {
                cells.AddRange(comparison.Metrics.Select(Cell));
                cells.AddRange(comparison.Change.Select(Cell));
            }

            WriteLine(writer, cells);
        }
    }

    private static string Cell(object? value) => value switch
    {
        null => "",
        long l => l.ToString(CultureInfo.InvariantCulture),
        double d => d.ToString("R", CultureInfo.InvariantCulture),
        RevenueValue r => r.Value.ToString("R", CultureInfo.InvariantCulture),
        _ => value.ToString() ?? "",
    };

    private static void WriteLine(TextWriter writer, IEnumerable<string> cells)
    {
        writer.Write(string.Join(',', cells.Select(Quote)));
        writer.Write("\r\n");
    }

    private static string Quote(string cell) =>
        cell.AsSpan().IndexOfAny(",\"\r\n") < 0 ? cell : "\"" + cell.Replace("\"", "\"\"", StringComparison.Ordinal) + "\"";
}
