using Metronome.Core.Time;
using Metronome.Server.Stats.Columnar;
using Metronome.Server.Stats.Pushdown;
using Metronome.Server.Stats.Query;
using Metronome.Storage;

namespace Metronome.Server.Stats.Execution;

/// <summary>
/// Which path <see cref="StatsPath.Auto"/> tries first. The columnar path answers every query; the
/// store's aggregation is cheaper when one aggregation pass answers the query (distinct visitors,
/// events or sums in total or per hour or day: the dashboard's graph and totals) and when the period
/// holds too many events to load as columns, which hold up to about 100 bytes per event while they load
/// (the columns as scanned, then sorted by visitor). Either way it only answers when its answer is exact.
/// </summary>
public static class PathChoice
{
    public const long MaxColumnarEvents = 10_000_000;

    public static bool TriesAggregateFirst(IEventStore store, StatsQuery query, string app, StatsPeriod period) =>
        IsOneAggregation(query) || ColumnarBudgetExceeded(store, app, period);

    /// <summary>No filter (they cost probes), no visit field (checking that it is per visitor costs two
    /// passes), no pageviews (a second pass by name) and no group but time buckets.</summary>
    public static bool IsOneAggregation(StatsQuery query) =>
        query.Filter is null
        && query.Metrics.All(m => m.Kind is MetricKind.Visitors or MetricKind.Events or MetricKind.Sum or MetricKind.Average)
        && query.Dimensions.All(d => d.IsTime)
        && AggregateEligibility.WhyNot(query) is null;

    /// <summary>Whether the app's partitions that overlap the period (whole days, plus the unsealed tail)
    /// hold more than <see cref="MaxColumnarEvents"/> events.</summary>
    public static bool ColumnarBudgetExceeded(IEventStore store, string app, StatsPeriod period)
    {
        var statistics = store.GetStatistics();
        long events = statistics.TailEvents;
        string from = Day(period.FromUs - UnixTime.MicrosecondsPerDay);
        string to = Day(period.ToUs + UnixTime.MicrosecondsPerDay);
        foreach (var partition in statistics.Partitions)
        {
            if (partition.App == app && string.CompareOrdinal(partition.Day, from) >= 0 && string.CompareOrdinal(partition.Day, to) <= 0)
            {
                events += partition.Events;
            }
        }

        return events > MaxColumnarEvents;
    }

    private static string Day(long timeUs) =>
        UnixTime.FromMicroseconds(timeUs).UtcDateTime.ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture);
}
