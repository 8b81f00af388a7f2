using System.Globalization;
using System.Text;
using Metronome.Workload;

namespace Metronome.Bench.Harness;

/// <summary>The values the queries are asked about, taken from the workload's meta file.</summary>
public sealed record QueryParameters(string App, string Item, DateOnly Day, string Word, DateTimeOffset Start, DateTimeOffset End)
{
    public static QueryParameters From(WorkloadMeta meta) =>
        new(meta.LargestApp, meta.TopItem, meta.BusyDay, meta.Word, meta.Start, meta.End);

    public DateTimeOffset DayStart => new(Day.ToDateTime(TimeOnly.MinValue), TimeSpan.Zero);

    /// <summary>
    /// Replaces {app}, {item}, {day}, {word}, {start_ms}, {end_ms}, {day_start_ms} and {day_end_ms} in a query
    /// text. String values are escaped for a single-quoted SQL literal; the word is escaped for a regex too.
    /// </summary>
    public string Substitute(string text) => new StringBuilder(text)
        .Replace("{app}", SqlString(App))
        .Replace("{item}", SqlString(Item))
        .Replace("{day}", Day.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture))
        .Replace("{word}", SqlString(RegexLiteral(Word)))
        .Replace("{start_ms}", Ms(Start))
        .Replace("{end_ms}", Ms(End))
        .Replace("{day_start_ms}", Ms(DayStart))
        .Replace("{day_end_ms}", Ms(DayStart.AddDays(1)))
        .ToString();

    private static string Ms(DateTimeOffset t) => t.ToUnixTimeMilliseconds().ToString(CultureInfo.InvariantCulture);

    private static string SqlString(string value) => value.Replace("\\", "\\\\").Replace("'", "\\'");

    private static string RegexLiteral(string value)
    {
        var sb = new StringBuilder(value.Length);
        foreach (char c in value)
        {
            if (!char.IsAsciiLetterOrDigit(c))
                sb.Append('\\');
            sb.Append(c);
        }
        return sb.ToString();
    }
}
