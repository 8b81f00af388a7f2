using System.Text;
using Metronome.Bench.Harness;

namespace Metronome.Bench.ClickHouse;

/// <summary>Parses ClickHouse's TabSeparatedWithNames output (backslash escapes, one row per line).</summary>
public static class TabSeparated
{
    public static ResultTable Parse(string body)
    {
        var lines = body.Split('\n');
        int count = lines.Length > 0 && lines[^1].Length == 0 ? lines.Length - 1 : lines.Length;
        if (count == 0)
            return new ResultTable([], []);
        string[] columns = SplitRow(lines[0]);
        var rows = new List<string[]>(count - 1);
        for (int i = 1; i < count; i++)
            rows.Add(SplitRow(lines[i]));
        return new ResultTable(columns, rows);
    }

    private static string[] SplitRow(string line)
    {
        string[] cells = line.Split('\t');
        for (int i = 0; i < cells.Length; i++)
        {
            if (cells[i].Contains('\\'))
                cells[i] = Unescape(cells[i]);
        }
        return cells;
    }

    private static string Unescape(string cell)
    {
        var sb = new StringBuilder(cell.Length);
        for (int i = 0; i < cell.Length; i++)
        {
            char c = cell[i];
            if (c != '\\' || i + 1 == cell.Length)
            {
                sb.Append(c);
                continue;
            }
            char next = cell[++i];
            sb.Append(next switch
            {
                't' => '\t',
                'n' => '\n',
                'r' => '\r',
                '0' => '\0',
                'b' => '\b',
                'f' => '\f',
                _ => next,
            });
        }
        return sb.ToString();
    }
}
