using System.Collections.Concurrent;
using System.Globalization;
using System.Text;
using Metronome.Core.Events;

namespace Metronome.Query.Execution.Functions;

/// <summary><c>formatDate</c> and <c>parseDate</c> with Java SimpleDateFormat patterns (what Sumo
/// queries are written with), translated once to .NET custom formats. Times are epoch milliseconds;
/// the zone defaults to the query's.</summary>
public static class DateFormats
{
    public const string DefaultPattern = "MM/dd/yyyy HH:mm:ss";

    private static readonly ConcurrentDictionary<string, string> Translated = new(StringComparer.Ordinal);

    public static FieldValue Format(ReadOnlySpan<FieldValue> a, QueryContext context)
    {
        if (!Values.TryNumber(a[0], out var ms) || !double.IsFinite(ms) || Math.Abs(ms) > 2.5e14)
        {
            return FieldValue.Null;
        }

        var pattern = a.Length > 1 && !a[1].IsNull ? a[1].ToString() : DefaultPattern;
        var zone = a.Length > 2 && !a[2].IsNull ? Zones.Find(a[2].ToString()) : context.TimeZone;
        if (zone is null)
        {
            return FieldValue.Null;
        }

        var time = TimeZoneInfo.ConvertTime(DateTimeOffset.FromUnixTimeMilliseconds((long)ms), zone);
        return time.ToString(Translate(pattern), CultureInfo.InvariantCulture);
    }

    public static FieldValue Parse(ReadOnlySpan<FieldValue> a, QueryContext context)
    {
        if (a[0].IsNull || a[1].IsNull)
        {
            return FieldValue.Null;
        }

        var text = a[0].ToString().Trim();
        var format = Translate(a[1].ToString());
        var zone = a.Length > 2 && !a[2].IsNull ? Zones.Find(a[2].ToString()) : context.TimeZone;
        if (zone is null)
        {
            return FieldValue.Null;
        }

        // Sumo wants the text to start with the pattern; try the whole text, then the length the pattern prints.
        var sampleLength = new DateTime(2000, 12, 28, 23, 59, 59, 999, DateTimeKind.Unspecified).ToString(format, CultureInfo.InvariantCulture).Length;
        foreach (var candidate in new[] { text, text.Length > sampleLength ? text[..sampleLength] : null })
        {
            if (candidate is null)
            {
                continue;
            }

            if (DateTimeOffset.TryParseExact(candidate, format, CultureInfo.InvariantCulture, DateTimeStyles.None, out var withOffset) && format.Contains('z', StringComparison.Ordinal))
            {
                return withOffset.ToUnixTimeMilliseconds();
            }

            if (DateTime.TryParseExact(candidate, format, CultureInfo.InvariantCulture, DateTimeStyles.None, out var local))
            {
                var utc = TimeZoneInfo.ConvertTimeToUtc(DateTime.SpecifyKind(local, DateTimeKind.Unspecified), zone);
                return new DateTimeOffset(utc, TimeSpan.Zero).ToUnixTimeMilliseconds();
            }
        }

        return FieldValue.Null;
    }

    public static string Translate(string pattern) => Translated.GetOrAdd(pattern, static p =>
    {
        var builder = new StringBuilder();
        var i = 0;
        while (i < p.Length)
        {
            var c = p[i];
            if (c == '\'')
            {
                var close = p.IndexOf('\'', i + 1);
                if (close == i + 1)
                {
                    builder.Append("\\'");
                    i += 2;
                    continue;
                }

                var literal = close < 0 ? p[(i + 1)..] : p[(i + 1)..close];
                foreach (var l in literal)
                {
                    builder.Append('\\').Append(l);
                }

                i = close < 0 ? p.Length : close + 1;
                continue;
            }

            var run = 1;
            while (i + run < p.Length && p[i + run] == c)
            {
                run++;
            }

            builder.Append(c switch
            {
                'y' => run == 2 ? "yy" : "yyyy",
                'M' => run switch { 1 => "%M", 2 => "MM", 3 => "MMM", _ => "MMMM" },
                'd' => run == 1 ? "%d" : "dd",
                'H' => run == 1 ? "%H" : "HH",
                'h' => run == 1 ? "%h" : "hh",
                'm' => run == 1 ? "%m" : "mm",
                's' => run == 1 ? "%s" : "ss",
                'S' => new string('f', Math.Min(run, 7)),
                'a' => "tt",
                'E' => run <= 3 ? "ddd" : "dddd",
                'Z' or 'X' or 'z' => "zzz",
                _ when char.IsAsciiLetter(c) => new string(c, run).Replace(c.ToString(), "\\" + c, StringComparison.Ordinal),
                _ when c == ' ' => new string(c, run),
                _ => string.Concat(Enumerable.Repeat("\\" + c, run)),
            });
            i += run;
        }

        return builder.ToString();
    });
}
