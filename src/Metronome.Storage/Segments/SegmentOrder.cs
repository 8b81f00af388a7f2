using System.Runtime.InteropServices;

namespace Metronome.Storage.Segments;

/// <summary>
/// Puts rows in segment order (name rank, time, arrival) without a general sort where it can: rows arrive
/// in arrival order, so a stable counting sort by name rank leaves each name's rows in arrival order, and
/// those are mostly in time order already (events arrive roughly as they happen). Only a name whose times
/// go backwards somewhere gets sorted, by (time, arrival).
/// </summary>
internal static class SegmentOrder
{
    /// <summary>Each source's names (a batch's by their index in the batch, a segment's by dictionary
    /// code) as ranks in the ordinal order of every name the sources hold: rows sort by these, not by
    /// the strings.</summary>
    public static int[][] NameRanks(IReadOnlyList<IReadOnlyList<string>> sourceNames, out int nameCount)
    {
        var names = sourceNames.SelectMany(n => n).Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal).ToList();
        var ranks = new Dictionary<string, int>(names.Count, StringComparer.Ordinal);
        for (int i = 0; i < names.Count; i++)
        {
            ranks[names[i]] = i;
        }

        nameCount = names.Count;
        return sourceNames.Select(n => n.Select(name => ranks[name]).ToArray()).ToArray();
    }

    /// <summary>Sorts <paramref name="rows"/>, which must be in arrival (<see cref="EncodedRow.Sequence"/>) order.</summary>
    public static void Sort(List<EncodedRow> rows, int nameCount)
    {
        var span = CollectionsMarshal.AsSpan(rows);
        if (span.Length < 2)
        {
            return;
        }

        if (nameCount > 1)
        {
            ByName(span, nameCount);
        }

        int start = 0;
        while (start < span.Length)
        {
            int end = start + 1;
            bool ordered = true;
            while (end < span.Length && span[end].NameRank == span[start].NameRank)
            {
                ordered &= span[end].TimeUs >= span[end - 1].TimeUs;
                end++;
            }

            if (!ordered)
            {
                // Equal times keep arrival order: the comparison falls through to the sequence.
                span[start..end].Sort();
            }

            start = end;
        }
    }

    private static void ByName(Span<EncodedRow> rows, int nameCount)
    {
        var starts = new int[nameCount + 1];
        foreach (ref readonly var row in rows)
        {
            starts[row.NameRank + 1]++;
        }

        if (Array.IndexOf(starts, rows.Length) >= 0)
        {
            return; // one name only
        }

        for (int i = 1; i < starts.Length; i++)
        {
            starts[i] += starts[i - 1];
        }

        var sorted = new EncodedRow[rows.Length];
        foreach (ref readonly var row in rows)
        {
            sorted[starts[row.NameRank]++] = row;
        }

        sorted.CopyTo(rows);
    }
}
