using Metronome.Core.Time;
using Metronome.Ingest.Text;

namespace Metronome.Ingest.Syslog;

/// <summary>
/// Reads RFC 3164's <c>Mmm dd hh:mm:ss</c> (day space-padded or zero-padded, optional fraction). The format
/// has no year and no zone: the time is taken as UTC in the year of the reference (receipt) time, or the
/// year before when that would put it more than a month after the reference (December lines read in January).
/// </summary>
internal static class BsdTimestamp
{
    private const long FutureToleranceUs = 31 * UnixTime.MicrosecondsPerDay;

    private static ReadOnlySpan<byte> MonthNames => "janfebmaraprmayjunjulaugsepoctnovdec"u8;

    /// <summary>Returns the bytes consumed (without the following space), 0 when there is no BSD timestamp.</summary>
    public static int TryParse(ReadOnlySpan<byte> text, long referenceUs, out long microseconds)
    {
        microseconds = 0;
        if (text.Length < 15 || text[3] != ' ')
        {
            return 0;
        }

        var month = MonthNumber(text[..3]);
        if (month == 0)
        {
            return 0;
        }

        int day;
        if (text[4] == ' ' && Utf8Text.IsDigit(text[5]))
        {
            day = text[5] - '0';
        }
        else if (!Rfc3339Timestamp.TryDigits(text, 4, 2, out day))
        {
            return 0;
        }

        if (text[6] != ' '
            || !Rfc3339Timestamp.TryDigits(text, 7, 2, out var hour) || text[9] != ':'
            || !Rfc3339Timestamp.TryDigits(text, 10, 2, out var minute) || text[12] != ':'
            || !Rfc3339Timestamp.TryDigits(text, 13, 2, out var second)
            || hour > 23 || minute > 59 || second > 60 || day is < 1 or > 31)
        {
            return 0;
        }

        var end = 15;
        if (!Rfc3339Timestamp.TryReadFraction(text, ref end, out var fractionUs))
        {
            return 0;
        }

        var year = UnixTime.FromMicroseconds(referenceUs).Year;
        if (!TryCompose(year, month, day, hour, minute, second, fractionUs, out microseconds))
        {
            return 0;
        }

        if (microseconds > referenceUs + FutureToleranceUs
            && TryCompose(year - 1, month, day, hour, minute, second, fractionUs, out var lastYear))
        {
            microseconds = lastYear;
        }

        return end;
    }

    private static bool TryCompose(int year, int month, int day, int hour, int minute, int second, long fractionUs, out long microseconds)
    {
        microseconds = 0;
        if (!CivilTime.IsValidDate(year, month, day))
        {
            // Feb 29 outside a leap year.
            return false;
        }

        microseconds = CivilTime.ToMicroseconds(year, month, day, hour, minute, second, fractionUs);
        return true;
    }

    private static int MonthNumber(ReadOnlySpan<byte> name)
    {
        Span<byte> lower = stackalloc byte[3];
        for (var i = 0; i < 3; i++)
        {
            lower[i] = (byte)(name[i] | 0x20);
        }

        var index = MonthNames.IndexOf(lower);
        return index >= 0 && index % 3 == 0 ? (index / 3) + 1 : 0;
    }
}
