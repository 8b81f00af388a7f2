using System.Runtime.InteropServices;
using Metronome.Core.Text;
using Metronome.Core.Time;
using Metronome.Storage.Segments;
using Metronome.Storage.Serialization;

namespace Metronome.Storage.Tail;

/// <summary>
/// Splits encoded tail batches into segment partitions (app, UTC day) by reading only each event's
/// header; the rows point back into the batches, sorted the way segments lay them out (name, time,
/// arrival).
/// </summary>
internal static class TailPartitioner
{
    public static List<TailPartition> Partition(IReadOnlyList<byte[]> batches, StringPool strings)
    {
        var partitions = new Dictionary<(string App, long Day), List<EncodedRow>>();
        var names = new Dictionary<string, int>(StringComparer.Ordinal);
        long sequence = 0;
        for (int b = 0; b < batches.Count; b++)
        {
            var reader = new EncodedBatchReader(batches[b]);
            int eventCount = reader.ReadCount();
            for (int i = 0; i < eventCount; i++)
            {
                int offset = reader.Offset;
                reader.ReadHeader(out var appBytes, out var nameBytes, out long timeUs, out _, out int fieldCount);
                reader.SkipFields(fieldCount);
                var key = (strings.Get(appBytes), DayNumber(timeUs));
                if (!partitions.TryGetValue(key, out var rows))
                {
                    partitions[key] = rows = [];
                }

                ref int nameId = ref CollectionsMarshal.GetValueRefOrAddDefault(names, strings.Get(nameBytes), out bool seen);
                if (!seen)
                {
                    nameId = names.Count - 1;
                }

                rows.Add(new EncodedRow(nameId, timeUs, sequence++, b, offset));
            }
        }

        // Segments sort rows by name (ordinal), then time: turn first-seen name ids into ranks.
        var nameRanks = new int[names.Count];
        int rank = 0;
        foreach (var (_, id) in names.OrderBy(n => n.Key, StringComparer.Ordinal))
        {
            nameRanks[id] = rank++;
        }

        var result = new List<TailPartition>(partitions.Count);
        foreach (var ((app, day), rows) in partitions.OrderBy(p => p.Key.App, StringComparer.Ordinal).ThenBy(p => p.Key.Day))
        {
            var span = CollectionsMarshal.AsSpan(rows);
            for (int r = 0; r < span.Length; r++)
            {
                span[r] = span[r] with { NameRank = nameRanks[span[r].NameRank] };
            }

            rows.Sort();
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
