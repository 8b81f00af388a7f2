using System.Text;

namespace Metronome.Bench.Reporting;

/// <summary>Renders rows of cells as an aligned plain-text table or a markdown table.</summary>
public static class TextTable
{
    public static string Plain(IReadOnlyList<string> header, IEnumerable<IReadOnlyList<string>> rows, string indent = "")
    {
        var all = new List<IReadOnlyList<string>> { header };
        all.AddRange(rows);
        int columns = all.Max(r => r.Count);
        var widths = new int[columns];
        foreach (var row in all)
        {
            for (int c = 0; c < row.Count; c++)
                widths[c] = Math.Max(widths[c], row[c].Length);
        }

        var sb = new StringBuilder();
        for (int i = 0; i < all.Count; i++)
        {
            sb.Append(indent);
            for (int c = 0; c < all[i].Count; c++)
            {
                string cell = all[i][c];
                // Text left, numbers right: easier to compare by eye.
                bool numeric = cell.Length > 0 && (char.IsAsciiDigit(cell[0]) || cell[0] == '-') && !cell.Contains(' ');
                sb.Append(numeric ? cell.PadLeft(widths[c]) : cell.PadRight(widths[c]));
                if (c < all[i].Count - 1)
                    sb.Append("  ");
            }
            sb.Append('\n');
            if (i == 0)
                sb.Append(indent).Append(new string('-', widths.Sum() + 2 * (columns - 1))).Append('\n');
        }
        return sb.ToString();
    }

    public static string Markdown(IReadOnlyList<string> header, IEnumerable<IReadOnlyList<string>> rows)
    {
        var sb = new StringBuilder();
        sb.Append("| ").AppendJoin(" | ", header.Select(Escape)).Append(" |\n");
        sb.Append('|').AppendJoin("|", header.Select(_ => "---")).Append("|\n");
        foreach (var row in rows)
            sb.Append("| ").AppendJoin(" | ", row.Select(Escape)).Append(" |\n");
        return sb.ToString();
    }

    private static string Escape(string cell) => cell.Replace("|", "\\|");
}
