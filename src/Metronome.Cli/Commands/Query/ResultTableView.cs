using System.Globalization;
using System.Text.Json;
using Spectre.Console;

namespace Metronome.Cli.Commands.Query;

/// <summary>Prints a search answer (<c>{columns, rows, stats}</c>) as a console table; timestamps in ISO 8601 UTC.</summary>
internal static class ResultTableView
{
    public static void Write(JsonElement result)
    {
        var columns = result.GetProperty("columns").EnumerateArray().Select(c => (Name: c.GetProperty("name").GetString()!, Type: c.GetProperty("type").GetString()!)).ToList();
        var table = new Table();
        foreach (var (name, type) in columns)
        {
            var column = new TableColumn(Markup.Escape(name));
            table.AddColumn(type is "long" or "double" ? column.RightAligned() : column);
        }

        foreach (var row in result.GetProperty("rows").EnumerateArray())
        {
            table.AddRow(row.EnumerateArray().Select((cell, i) => Markup.Escape(Cell(cell, columns[i].Type))).ToArray());
        }

        AnsiConsole.Write(table);
        var stats = result.GetProperty("stats");
        Console.WriteLine($"{result.GetProperty("rows").GetArrayLength():N0} of {stats.GetProperty("totalRows").GetInt64():N0} rows; {stats.GetProperty("matched").GetInt64():N0} matched, {stats.GetProperty("scanned").GetInt64():N0} scanned in {stats.GetProperty("elapsedMs").GetInt64():N0} ms");
    }

    private static string Cell(JsonElement cell, string type) => cell.ValueKind switch
    {
        JsonValueKind.Null => "",
        JsonValueKind.Number when type == "timestamp" && cell.TryGetInt64(out var ms) =>
            DateTimeOffset.FromUnixTimeMilliseconds(ms).ToString("yyyy-MM-dd HH:mm:ss.fff", CultureInfo.InvariantCulture),
        JsonValueKind.String => cell.GetString()!,
        _ => cell.GetRawText(),
    };
}
