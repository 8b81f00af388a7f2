namespace Metronome.Ingest.Syslog;

/// <summary>Calendar arithmetic without DateTime: days since 1970-01-01 for a proleptic Gregorian date.</summary>
internal static class CivilTime
{
    public static bool IsValidDate(int year, int month, int day) =>
        year is >= 1 and <= 9999 && month is >= 1 and <= 12 && day >= 1 && day <= DaysInMonth(year, month);

    public static int DaysInMonth(int year, int month) => month switch
    {
        2 => IsLeapYear(year) ? 29 : 28,
        4 or 6 or 9 or 11 => 30,
        _ => 31,
    };

    public static bool IsLeapYear(int year) => (year % 4 == 0 && year % 100 != 0) || year % 400 == 0;

    /// <summary>Days from the epoch to the date (negative before 1970), using 400-year eras of 146097 days
    /// counted from March so that leap days fall at the end of each year.</summary>
    public static long DaysFromEpoch(int year, int month, int day)
    {
        long y = month <= 2 ? year - 1 : year;
        var era = (y >= 0 ? y : y - 399) / 400;
        var yearOfEra = y - (era * 400);
        var dayOfYear = ((153 * (month > 2 ? month - 3 : month + 9)) + 2) / 5 + day - 1;
        var dayOfEra = (yearOfEra * 365) + (yearOfEra / 4) - (yearOfEra / 100) + dayOfYear;
        return (era * 146097) + dayOfEra - 719468;
    }

    public static long ToMicroseconds(int year, int month, int day, int hour, int minute, int second, long fractionUs) =>
        (((((DaysFromEpoch(year, month, day) * 24) + hour) * 60 + minute) * 60 + second) * 1_000_000) + fractionUs;
}
