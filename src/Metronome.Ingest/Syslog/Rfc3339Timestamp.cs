using Metronome.Ingest.Text;

namespace Metronome.Ingest.Syslog;

/// <summary>
/// Reads the RFC 3339 timestamps of RFC 5424 into microseconds since the epoch, with the leniency real
/// drains need (heroku-log-formats.md 5.8): 0 to 9 fractional digits (beyond 6 are truncated), <c>Z</c>,
/// <c>z</c>, <c>±hh:mm</c> or <c>±hhmm</c>, no offset at all (taken as UTC), and the malformed
/// <c>...Z+00:00</c> seen in Logplex's docs (the offset after Z is ignored).
/// </summary>
internal static class Rfc3339Timestamp
{
    public static bool TryParse(ReadOnlySpan<byte> text, out long microseconds)
    {
        microseconds = 0;
        if (text.Length < 19
            || !TryDigits(text, 0, 4, out var year) || text[4] != '-'
            || !TryDigits(text, 5, 2, out var month) || text[7] != '-'
            || !TryDigits(text, 8, 2, out var day) || ((text[10] | 0x20) != 't' && text[10] != ' ')
            || !TryDigits(text, 11, 2, out var hour) || text[13] != ':'
            || !TryDigits(text, 14, 2, out var minute) || text[16] != ':'
            || !TryDigits(text, 17, 2, out var second))
        {
            return false;
        }

        if (!CivilTime.IsValidDate(year, month, day) || hour > 23 || minute > 59 || second > 60)
        {
            return false;
        }

        var i = 19;
        if (!TryReadFraction(text, ref i, out var fractionUs))
        {
            return false;
        }

        if (!TryReadOffset(text[i..], out var offsetMinutes))
        {
            return false;
        }

        microseconds = CivilTime.ToMicroseconds(year, month, day, hour, minute, second, fractionUs)
            - (offsetMinutes * 60L * 1_000_000);
        return true;
    }

    /// <summary>Reads <c>.f{1,9}</c> at <paramref name="i"/> when present; the value is in microseconds.</summary>
    internal static bool TryReadFraction(ReadOnlySpan<byte> text, ref int i, out long fractionUs)
    {
        fractionUs = 0;
        if (i >= text.Length || text[i] is not ((byte)'.' or (byte)','))
        {
            return true;
        }

        i++;
        var start = i;
        long scale = 100_000;
        while (i < text.Length && Utf8Text.IsDigit(text[i]))
        {
            fractionUs += (text[i] - '0') * scale;
            scale /= 10;
            i++;
        }

        return i > start && i - start <= 9;
    }

    private static bool TryReadOffset(ReadOnlySpan<byte> rest, out int offsetMinutes)
    {
        offsetMinutes = 0;
        if (rest.IsEmpty)
        {
            return true;
        }

        if ((rest[0] | 0x20) == 'z')
        {
            // "Z" alone, or the malformed "Z+00:00": Z already says UTC.
            return rest.Length == 1 || TryReadOffset(rest[1..], out _);
        }

        if (rest[0] is not ((byte)'+' or (byte)'-'))
        {
            return false;
        }

        int hours;
        int minutes;
        if (rest.Length == 6 && rest[3] == ':')
        {
            if (!TryDigits(rest, 1, 2, out hours) || !TryDigits(rest, 4, 2, out minutes))
            {
                return false;
            }
        }
        else if (rest.Length == 5)
        {
            if (!TryDigits(rest, 1, 2, out hours) || !TryDigits(rest, 3, 2, out minutes))
            {
                return false;
            }
        }
        else
        {
            return false;
        }

        if (hours > 23 || minutes > 59)
        {
            return false;
        }

        offsetMinutes = (rest[0] == '-' ? -1 : 1) * ((hours * 60) + minutes);
        return true;
    }

    internal static bool TryDigits(ReadOnlySpan<byte> text, int start, int count, out int value)
    {
        value = 0;
        if (start + count > text.Length)
        {
            return false;
        }

        for (var i = start; i < start + count; i++)
        {
            if (!Utf8Text.IsDigit(text[i]))
            {
                return false;
            }

            value = (value * 10) + (text[i] - '0');
        }

        return true;
    }
}
