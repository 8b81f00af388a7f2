using System.Globalization;

namespace Metronome.Query.Syntax;

/// <summary>Number literals as Sumo writes them: <c>537</c>, <c>3.14e+4</c>, size suffixes
/// (k K M G B T P ×1000, Ki Mi Gi Ti Pi ×1024) and time suffixes (ns us ms s m h d w, in milliseconds).</summary>
public static class NumberText
{
    public static bool TryParse(string text, out double value)
    {
        var split = 0;
        while (split < text.Length && (char.IsAsciiDigit(text[split]) || text[split] == '.' ||
               ((text[split] is 'e' or 'E') && split + 1 < text.Length && (char.IsAsciiDigit(text[split + 1]) || text[split + 1] is '+' or '-')) ||
               ((text[split] is '+' or '-') && split > 0 && text[split - 1] is 'e' or 'E')))
        {
            split++;
        }

        if (!double.TryParse(text.AsSpan(0, split), NumberStyles.Float, CultureInfo.InvariantCulture, out value))
        {
            return false;
        }

        var suffix = text[split..];
        if (suffix.Length == 0)
        {
            return true;
        }

        double? factor = suffix switch
        {
            "k" or "K" => 1e3,
            "M" => 1e6,
            "G" or "B" => 1e9,
            "T" => 1e12,
            "P" => 1e15,
            "Ki" => 1024d,
            "Mi" => 1024d * 1024,
            "Gi" => 1024d * 1024 * 1024,
            "Ti" => 1024d * 1024 * 1024 * 1024,
            "Pi" => 1024d * 1024 * 1024 * 1024 * 1024,
            "ns" => 1e-6,
            "us" => 1e-3,
            "ms" => 1,
            "s" => 1e3,
            "m" => 60e3,
            "h" => 3600e3,
            "d" => 86400e3,
            "w" => 7 * 86400e3,
            _ => null,
        };
        if (factor is null)
        {
            return false;
        }

        value *= factor.Value;
        return true;
    }
}
