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
        var nameRanks = SegmentOrder.NameRanks([.. batches.Select(b => b.Names)], out int nameCount);
        // Most seals are one partition (a busy drain's app, today): its list is made for every row at once,
        // not doubled toward it (each doubling a new large array).
        int events = batches.Sum(b => b.Count);
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
                        partitions[key] = rows = new List<EncodedRow>(partitions.Count == 0 ? events : 0);
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

    /// <summary>
    /// Cuts partitions with many rows into consecutive runs of their sorted rows, so that a seal uses every
    /// core even when all events land in one partition (one app's drain, today): up to
    /// <paramref name="pieces"/> runs in all, none under <paramref name="minRows"/> rows. The runs follow
    /// each other in (name, time) order, so their segments overlap little; compaction joins them later.
    /// </summary>
    public static List<TailPartition> Split(List<TailPartition> partitions, int pieces, int minRows)
    {
        if (partitions.Count >= pieces)
        {
            return partitions;
        }

        // The largest partitions get the spare cores; the result keeps the partitions' order.
        var parts = new int[partitions.Count];
        int spare = pieces - partitions.Count;
        foreach (int p in Enumerable.Range(0, partitions.Count).OrderByDescending(p => partitions[p].Rows.Count))
        {
            parts[p] = Math.Max(1, Math.Min(spare + 1, partitions[p].Rows.Count / Math.Max(1, minRows)));
            spare -= parts[p] - 1;
        }

        var result = new List<TailPartition>(pieces);
        for (int p = 0; p < partitions.Count; p++)
        {
            var rows = partitions[p].Rows;
            for (int i = 0; i < parts[p]; i++)
            {
                int start = (int)((long)rows.Count * i / parts[p]), end = (int)((long)rows.Count * (i + 1) / parts[p]);
                result.Add(parts[p] == 1 ? partitions[p] : partitions[p] with { Rows = rows.GetRange(start, end - start) });
            }
        }

        return result;
    }

    /// <summary>The UTC day number of a time (floor division: times before 1970 too).</summary>
    public static long DayNumber(long timeUs) =>
        UnixTime.FloorDiv(timeUs, UnixTime.MicrosecondsPerDay);
}

/// <summary>The rows of one (app, UTC day number) partition, in segment order.</summary>
internal sealed record TailPartition(string App, long Day, List<EncodedRow> Rows);
