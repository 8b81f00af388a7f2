using System.Globalization;
using Metronome.Core.Time;

namespace Metronome.Server.Stats.Query;

/// <summary>A resolved date range: [<see cref="FromUs"/>, <see cref="ToUs"/>) in UTC microseconds, with
/// the zone that days, weeks and months are cut in.</summary>
public sealed record StatsPeriod(long FromUs, long ToUs, TimeZoneInfo Zone)
{
    /// <summary>The range as Plausible echoes it: first and last second, ISO 8601 with the zone's offset.</summary>
    public string[] ToIso() => [Format(FromUs), Format(ToUs - UnixTime.MicrosecondsPerSecond)];

    public StatsPeriod Shift(ComparisonMode mode)
    {
        if (mode == ComparisonMode.YearOverYear)
        {
            return this with { FromUs = ShiftYears(FromUs, -1), ToUs = ShiftYears(ToUs, -1) };
        }

        long length = ToUs - FromUs;
        return this with { FromUs = FromUs - length, ToUs = FromUs };
    }

    public DateTimeOffset LocalTime(long us) => TimeZoneInfo.ConvertTime(UnixTime.FromMicroseconds(us), Zone);

    public static long StartOfDayUs(DateOnly day, TimeZoneInfo zone)
    {
        var local = day.ToDateTime(TimeOnly.MinValue, DateTimeKind.Unspecified);
        return UnixTime.ToMicroseconds(new DateTimeOffset(local, zone.GetUtcOffset(local)));
    }

    private long ShiftYears(long us, int years)
    {
        var local = LocalTime(us).DateTime.AddYears(years);
        return UnixTime.ToMicroseconds(new DateTimeOffset(local, Zone.GetUtcOffset(local)));
    }

    private string Format(long us) => LocalTime(us).ToString("yyyy-MM-dd'T'HH:mm:sszzz", CultureInfo.InvariantCulture);
}
