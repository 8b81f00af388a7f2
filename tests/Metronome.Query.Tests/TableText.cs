using System.Globalization;
using Metronome.Query.Execution;

namespace Metronome.Query.Tests;

/// <summary>The text form of a result used by case files: a header of <c>name:type</c>, then one line
/// per row, cells joined by " | "; null is <c>null</c>, timestamps are ISO 8601 UTC.</summary>
public static class TableText
{
    public static List<string> Format(QueryResult result, bool withStats)
    {
        var lines = new List<string> { string.Join(" | ", result.Columns.Select(c => c.Name + ":" + c.Type)) };
        foreach (var row in result.Rows)
        {
            lines.Add(string.Join(" | ", row.Select((v, i) => Cell(v, result.Columns[i].Type))));
        }

        if (withStats)
        {
            lines.Add($"stats scanned={result.Stats.Scanned} matched={result.Stats.Matched} total={result.TotalRows}");
        }

        return lines;
    }

    private static string Cell(object? value, string type) => value switch
    {
        null => "null",
        long ms when type == ColumnTypes.Timestamp => DateTimeOffset.FromUnixTimeMilliseconds(ms).ToString(ms % 1000 == 0 ? "yyyy-MM-ddTHH:mm:ssZ" : "yyyy-MM-ddTHH:mm:ss.fffZ", CultureInfo.InvariantCulture),
        double d => d.ToString("R", CultureInfo.InvariantCulture),
        long l => l.ToString(CultureInfo.InvariantCulture),
        bool b => b ? "true" : "false",
        string s when s.Length == 0 || s.Trim().Length != s.Length => "\"" + s + "\"",
        string s => s.Replace("\n", "\\n", StringComparison.Ordinal),
        _ => value.ToString() ?? "",
    };
}
