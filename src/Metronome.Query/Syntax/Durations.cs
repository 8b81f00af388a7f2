using System.Globalization;

namespace Metronome.Query.Syntax;

/// <summary>Durations of <c>timeslice</c> and <c>fillmissing</c>: a whole number and one of the units
/// <c>s m h d w</c> (also <c>ms</c>), returned in milliseconds.</summary>
public static class Durations
{
    public static bool TryParseMilliseconds(string text, out long milliseconds)
    {
        milliseconds = 0;
        var split = 0;
        while (split < text.Length && char.IsAsciiDigit(text[split]))
        {
            split++;
        }

        if (split == 0 || !long.TryParse(text.AsSpan(0, split), NumberStyles.None, CultureInfo.InvariantCulture, out var count) || count <= 0)
        {
            return false;
        }

        long? unit = text[split..] switch
        {
            "ms" => 1,
            "s" => 1_000,
            "m" => 60_000,
            "h" => 3_600_000,
            "d" => 86_400_000,
            "w" => 604_800_000,
            _ => null,
        };
        if (unit is null || count > long.MaxValue / unit.Value / 1000)
        {
            return false;
        }

        milliseconds = count * unit.Value;
        return true;
    }
}
