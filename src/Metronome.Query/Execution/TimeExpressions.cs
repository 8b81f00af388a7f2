using System.Globalization;
using Metronome.Query.Syntax;

namespace Metronome.Query.Execution;

/// <summary>The time bounds the API and the CLI accept: <c>now</c>, relative to now (<c>-1d</c>,
/// <c>-15m</c>, <c>-2h</c>, <c>-1w</c>; a sign and a duration in <c>s m h d w</c>), an ISO 8601 instant
/// (<c>2026-11-01T00:00:00Z</c>; a date alone is midnight UTC) or epoch milliseconds.</summary>
public static class TimeExpressions
{
    public static bool TryParse(string? text, DateTimeOffset now, out DateTimeOffset time)
    {
        time = default;
        if (string.IsNullOrWhiteSpace(text))
        {
            return false;
        }

        text = text.Trim();
        if (text.Equals("now", StringComparison.OrdinalIgnoreCase))
        {
            time = now;
            return true;
        }

        if (text[0] is '-' or '+' && text.Length > 1 && !char.IsAsciiDigit(text[^1]) && Durations.TryParseMilliseconds(text[1..], out var ms))
        {
            time = now.AddMilliseconds(text[0] == '-' ? -ms : ms);
            return true;
        }

        if (text.All(char.IsAsciiDigit) && long.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out var epochMs) && text.Length > 8)
        {
            time = DateTimeOffset.FromUnixTimeMilliseconds(epochMs);
            return true;
        }

        return DateTimeOffset.TryParse(text, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal | DateTimeStyles.AdjustToUniversal, out time);
    }
}
