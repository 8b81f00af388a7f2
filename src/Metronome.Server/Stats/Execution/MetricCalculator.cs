using System.Globalization;
using Metronome.Core.Time;
using Metronome.Server.Stats.Query;

namespace Metronome.Server.Stats.Execution;

/// <summary>Turns a group's counts into metric values, rounded as Plausible rounds them: bounce rate
/// and visit duration to whole numbers, views per visit and conversion rate to 2 decimals, percentage
/// to 1.</summary>
public static class MetricCalculator
{
    public static object? Compute(Metric metric, int index, in GroupCounts group, Totals totals)
    {
        long visits = group.Visits;
        switch (metric.Kind)
        {
            case MetricKind.Visitors or MetricKind.Pageviews or MetricKind.Events or MetricKind.Percentage:
                return ComputeEventMetric(metric, group.Visitors, group.Pageviews, group.Events, null, null, totals);
            case MetricKind.Sum or MetricKind.Average:
                return group.SumCounts[index] == 0 ? null
                    : ComputeEventMetric(metric, group.Visitors, group.Pageviews, group.Events, group.Sums[index], group.Sums[index] / group.SumCounts[index], totals);
            case MetricKind.Visits:
                return visits;
            case MetricKind.ViewsPerVisit:
                return visits == 0 ? 0.0 : Math.Round((double)group.VisitPageviews / visits, 2);
            case MetricKind.BounceRate:
                return visits == 0 ? 0L : (long)Math.Round(100.0 * group.Bounces / visits, MidpointRounding.AwayFromZero);
            case MetricKind.VisitDuration:
                return visits == 0 ? 0L : (long)Math.Round((double)group.VisitDurationUs / visits / UnixTime.MicrosecondsPerSecond, MidpointRounding.AwayFromZero);
            case MetricKind.ConversionRate:
                return totals.VisitorsWithoutGoals == 0 ? 0.0 : Math.Round(100.0 * group.Visitors / totals.VisitorsWithoutGoals, 2);
            case MetricKind.TotalRevenue:
                return group.SumCounts[index] == 0 ? null : Revenue(group.Sums[index], group.Currency);
            case MetricKind.AverageRevenue:
                return group.SumCounts[index] == 0 ? null : Revenue(group.Sums[index] / group.SumCounts[index], group.Currency);
            default:
                throw new InvalidOperationException("unknown metric " + metric.Kind);
        }
    }

    /// <summary>The metrics that need no visits, from counts however they were obtained (the scan's
    /// hits or the store's aggregates); <paramref name="sum"/> and <paramref name="average"/> are null
    /// when no event had a number in the property.</summary>
    public static object? ComputeEventMetric(Metric metric, long visitors, long pageviews, long events, double? sum, double? average, Totals totals) => metric.Kind switch
    {
        MetricKind.Visitors => visitors,
        MetricKind.Pageviews => pageviews,
        MetricKind.Events => events,
        MetricKind.Percentage => totals.Visitors == 0 ? 0.0 : Math.Round(100.0 * visitors / totals.Visitors, 1),
        MetricKind.Sum => sum is { } s ? Number(s) : null,
        MetricKind.Average => average is { } a ? Number(a) : null,
        _ => throw new InvalidOperationException("not an event metric: " + metric.Kind),
    };

    /// <summary>A comparison row that has no match in the other period.</summary>
    public static object? Zero(Metric metric) => metric.Kind switch
    {
        MetricKind.TotalRevenue or MetricKind.AverageRevenue or MetricKind.Sum or MetricKind.Average => null,
        MetricKind.ViewsPerVisit or MetricKind.Percentage or MetricKind.ConversionRate => 0.0,
        _ => 0L,
    };

    /// <summary>Plausible's change: percentage points for rates, else the percent change (100 from zero).</summary>
    public static object? Change(Metric metric, object? previous, object? current)
    {
        if (previous is null || current is null)
        {
            return null;
        }

        double old = SortValue(previous);
        double now = SortValue(current);
        if (metric.Kind is MetricKind.BounceRate or MetricKind.ConversionRate or MetricKind.Percentage)
        {
            return Math.Round(now - old, 1);
        }

        if (old == 0)
        {
            return now > 0 ? 100L : 0L;
        }

        return (long)Math.Round((now - old) / old * 100, MidpointRounding.AwayFromZero);
    }

    public static double SortValue(object? value) => value switch
    {
        long l => l,
        double d => d,
        RevenueValue r => r.Value,
        _ => double.NegativeInfinity,
    };

    private static object Number(double value) =>
        value == Math.Floor(value) && Math.Abs(value) < 1e15 ? (long)value : Math.Round(value, 6);

    private static RevenueValue Revenue(double value, string? currency)
    {
        double rounded = Math.Round(value, 2);
        string amount = rounded.ToString("#,##0.00", CultureInfo.InvariantCulture);
        string compact = rounded >= 1_000_000 ? (rounded / 1_000_000).ToString("0.0", CultureInfo.InvariantCulture) + "M"
            : rounded >= 1_000 ? (rounded / 1_000).ToString("0.0", CultureInfo.InvariantCulture) + "K"
            : rounded.ToString("0.0", CultureInfo.InvariantCulture);
        string suffix = currency is null ? "" : " " + currency;
        return new RevenueValue(rounded, currency, compact + suffix, amount + suffix);
    }
}
