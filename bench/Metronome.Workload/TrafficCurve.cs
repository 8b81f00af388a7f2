using Metronome.Workload.Random;

namespace Metronome.Workload;

/// <summary>
/// How many events fall into each minute of the month: an hourly daily curve (UTC, peak in the
/// afternoon), quieter weekends, a slight upward trend and per-day noise. Only + - * / on doubles, so
/// the counts are exactly reproducible; they sum to the requested total.
/// </summary>
public static class TrafficCurve
{
    public const int MinutesPerDay = 1440;

    // Relative traffic per UTC hour; interpolated linearly between hours.
    private static readonly double[] s_hourly =
        [40, 32, 27, 24, 24, 28, 38, 55, 72, 85, 93, 98, 100, 100, 98, 96, 95, 92, 86, 80, 72, 64, 56, 47];

    public static int[] MinuteCounts(long totalEvents, DateTimeOffset start, int days, Xoshiro256StarStar rng)
    {
        var weights = new double[days * MinutesPerDay];
        for (int d = 0; d < days; d++)
        {
            DayOfWeek weekday = start.AddDays(d).DayOfWeek;
            double dayFactor = (weekday is DayOfWeek.Saturday or DayOfWeek.Sunday ? 0.7 : 1.0)
                * (1.0 + 0.004 * d)
                * (0.92 + 0.16 * rng.NextDouble());
            for (int m = 0; m < MinutesPerDay; m++)
            {
                int hour = m / 60;
                double frac = (m % 60) / 60.0;
                double shape = s_hourly[hour] + (s_hourly[(hour + 1) % 24] - s_hourly[hour]) * frac;
                weights[d * MinutesPerDay + m] = dayFactor * shape;
            }
        }

        double total = 0;
        foreach (double w in weights)
            total += w;

        // Cumulative rounding: each minute gets round(N * cum_after) - round(N * cum_before), so the
        // counts add up to exactly N.
        var counts = new int[weights.Length];
        double cumulative = 0;
        long assigned = 0;
        for (int i = 0; i < weights.Length; i++)
        {
            cumulative += weights[i];
            long upTo = i == weights.Length - 1 ? totalEvents : (long)Math.Round(totalEvents * (cumulative / total));
            counts[i] = (int)(upTo - assigned);
            assigned = upTo;
        }
        return counts;
    }
}
