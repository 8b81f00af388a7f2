using Metronome.Core.Events.Batches;
using Metronome.Core.Time;
using Metronome.Storage.Segments;

namespace Metronome.Storage.Tail;

/// <summary>
/// Splits encoded tail batches into segment partitions (app, UTC day) from the batches' indexes (no
/// event is read); the rows point back into the batches, sorted the way segments lay them out (name,
/// time, arrival).
/// </summary>
internal static class TailPartitioner
{
    public static List<TailPartition> Partition(IReadOnlyList<EventBatch> batches)
    {
        var partitions = new Dictionary<(string App, long Day), List<EncodedRow>>();
        var nameRanks = SegmentOrder.NameRanks(batches, out int nameCount);
        long sequence = 0;
        for (int b = 0; b < batches.Count; b++)
        {
            var batch = batches[b];

            // Events of a request mostly share app and day: look the partition up only when they change.
            List<EncodedRow>? rows = null;
            int lastApp = -1;
            long lastDay = long.MinValue;
            foreach (var entry in batch.Entries)
            {
                long day = DayNumber(entry.TimeUs);
                if (entry.App != lastApp || day != lastDay || rows is null)
                {
                    var key = (batch.Apps[entry.App], day);
                    if (!partitions.TryGetValue(key, out rows))
                    {
                        partitions[key] = rows = [];
                    }

                    lastApp = entry.App;
                    lastDay = day;
                }

                rows.Add(new EncodedRow(nameRanks[b][entry.Name], entry.TimeUs, sequence++, b, entry.Offset));
            }
        }

        var result = new List<TailPartition>(partitions.Count);
        foreach (var ((app, day), rows) in partitions.OrderBy(p => p.Key.App, StringComparer.Ordinal).ThenBy(p => p.Key.Day))
        {
            SegmentOrder.Sort(rows, nameCount);
            result.Add(new TailPartition(app, day, rows));
        }

        return result;
    }

    /// <summary>The UTC day number of a time (floor division: times before 1970 too).</summary>
    public static long DayNumber(long timeUs) =>
        UnixTime.FloorDiv(timeUs, UnixTime.MicrosecondsPerDay);
}

/// <summary>The rows of one (app, UTC day number) partition, in segment order.</summary>
internal sealed record TailPartition(string App, long Day, List<EncodedRow> Rows);
