using System.Globalization;
using System.Text.Json;
using Metronome.Core.Time;

namespace Metronome.Server.Stats.Query;

/// <summary>
/// Plausible's <c>date_range</c>: <c>"day"</c>, <c>"7d"</c>, <c>"28d"</c>, <c>"30d"</c>, <c>"91d"</c>
/// (that many days ending today), <c>"month"</c>, <c>"year"</c> (the current one), <c>"6mo"</c>,
/// <c>"12mo"</c> (months ending with this one), <c>"all"</c>, or a pair of ISO dates (both inclusive)
/// or date-times. "Today" is the clock's day in the query's zone.
/// </summary>
public static class DateRangeParser
{
    public static StatsPeriod Parse(JsonElement range, TimeZoneInfo zone, DateTimeOffset now)
    {
        var today = DateOnly.FromDateTime(TimeZoneInfo.ConvertTime(now, zone).DateTime);
        if (range.ValueKind == JsonValueKind.String)
        {
            string text = range.GetString()!;
            var monthStart = new DateOnly(today.Year, today.Month, 1);
            return text switch
            {
                "day" => Days(today, today, zone),
                "7d" => Days(today.AddDays(-6), today, zone),
                "28d" => Days(today.AddDays(-27), today, zone),
                "30d" => Days(today.AddDays(-29), today, zone),
                "91d" => Days(today.AddDays(-90), today, zone),
                "month" => Days(monthStart, monthStart.AddMonths(1).AddDays(-1), zone),
                "6mo" => Days(monthStart.AddMonths(-5), monthStart.AddMonths(1).AddDays(-1), zone),
                "12mo" => Days(monthStart.AddMonths(-11), monthStart.AddMonths(1).AddDays(-1), zone),
                "year" => Days(new DateOnly(today.Year, 1, 1), new DateOnly(today.Year, 12, 31), zone),
                "all" => new StatsPeriod(0, StatsPeriod.StartOfDayUs(today.AddDays(1), zone), zone),
                _ => throw new StatsQueryException("date_range",
                    $"Invalid date_range '{text}': expected day, 7d, 28d, 30d, 91d, month, 6mo, 12mo, year, all or [\"YYYY-MM-DD\", \"YYYY-MM-DD\"]"),
            };
        }

        if (range.ValueKind == JsonValueKind.Array && range.GetArrayLength() == 2
            && range[0].ValueKind == JsonValueKind.String && range[1].ValueKind == JsonValueKind.String)
        {
            string first = range[0].GetString()!;
            string last = range[1].GetString()!;
            if (TryDay(first, out var fromDay) && TryDay(last, out var toDay))
            {
                return fromDay > toDay
                    ? throw new StatsQueryException("date_range", $"Invalid date_range: {first} is after {last}")
                    : Days(fromDay, toDay, zone);
            }

            if (TryInstant(first, out var fromTime) && TryInstant(last, out var toTime))
            {
                long fromUs = UnixTime.ToMicroseconds(fromTime);
                long toUs = UnixTime.ToMicroseconds(toTime) + UnixTime.MicrosecondsPerSecond; // the last second is inclusive
                return fromUs >= toUs
                    ? throw new StatsQueryException("date_range", $"Invalid date_range: {first} is after {last}")
                    : new StatsPeriod(fromUs, toUs, zone);
            }
        }

        throw new StatsQueryException("date_range",
            "Invalid date_range: expected a name such as \"7d\" or a pair of ISO 8601 dates like [\"2026-11-01\", \"2026-11-07\"]");
    }

    private static StatsPeriod Days(DateOnly first, DateOnly last, TimeZoneInfo zone) =>
        new(StatsPeriod.StartOfDayUs(first, zone), StatsPeriod.StartOfDayUs(last.AddDays(1), zone), zone);

    private static bool TryDay(string text, out DateOnly day) =>
        DateOnly.TryParseExact(text, "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out day);

    private static bool TryInstant(string text, out DateTimeOffset instant)
    {
        instant = default;
        return text.Contains('T', StringComparison.Ordinal)
            && DateTimeOffset.TryParse(text, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out instant);
    }
}
