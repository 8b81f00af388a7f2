using Metronome.Core.Events;

namespace Metronome.Storage.Scanning;

/// <summary>Projects events already in memory (the unsealed tail, or blocks a segment cannot project
/// column by column) into <see cref="ColumnBlock"/>s of at most <see cref="BlockRows"/> rows.</summary>
public static class EventColumns
{
    public const int BlockRows = 65_536;

    /// <summary>The events, already filtered, as blocks (all rows selected).</summary>
    public static IEnumerable<ColumnBlock> Blocks(IEnumerable<Event> events, IReadOnlyList<string> fields)
    {
        var chunk = new List<Event>(BlockRows);
        foreach (var e in events)
        {
            chunk.Add(e);
            if (chunk.Count == BlockRows)
            {
                yield return Block(chunk, fields);
                chunk = new List<Event>(BlockRows);
            }
        }

        if (chunk.Count > 0)
        {
            yield return Block(chunk, fields);
        }
    }

    public static ColumnBlock Block(IReadOnlyList<Event> events, IReadOnlyList<string> fields)
    {
        int rows = events.Count;
        var selection = new int[rows];
        var times = new long[rows];
        var receipts = new long[rows];
        for (int r = 0; r < rows; r++)
        {
            selection[r] = r;
            times[r] = events[r].TimeUs;
            receipts[r] = events[r].ReceiptTimeUs;
        }

        var columns = new FieldColumn[fields.Count];
        for (int f = 0; f < fields.Count; f++)
        {
            var values = new FieldValue[rows];
            var hashes = new ulong[rows];
            var present = new bool[rows];
            for (int r = 0; r < rows; r++)
            {
                values[r] = EventMatcher.Resolve(events[r], fields[f]);
                present[r] = !values[r].IsNull;
                hashes[r] = FieldValueHash.Of(values[r]);
            }

            columns[f] = new FieldColumn(present, hashes, row => values[row]);
        }

        return new ColumnBlock(rows, selection, times, () => receipts, columns);
    }
}
