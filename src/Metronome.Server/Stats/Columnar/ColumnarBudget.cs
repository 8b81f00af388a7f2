using Metronome.Core.Time;
using Metronome.Server.Stats.Query;
using Metronome.Storage;

namespace Metronome.Server.Stats.Columnar;

/// <summary>
/// The columnar path holds up to about 100 bytes per event of the period while it loads (the columns as
/// scanned, then sorted by visitor); the store's aggregation holds only its groups. Beyond
/// <see cref="MaxEvents"/> events the aggregation answers the queries it can answer exactly.
/// </summary>
public static class ColumnarBudget
{
    public const long MaxEvents = 10_000_000;

    /// <summary>Whether the app's partitions that overlap the period (whole days, plus the unsealed tail)
    /// hold more than <see cref="MaxEvents"/> events.</summary>
    public static bool Exceeded(IEventStore store, string app, StatsPeriod period)
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

        return events > MaxEvents;
    }

    private static string Day(long timeUs) =>
        UnixTime.FromMicroseconds(timeUs).UtcDateTime.ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture);
}
