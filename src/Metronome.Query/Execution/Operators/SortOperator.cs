using Metronome.Core.Events;

namespace Metronome.Query.Execution.Operators;

/// <summary><c>sort by a desc, b asc</c>: stable, per-key direction, <see cref="Values.SortCompare"/> order.</summary>
public sealed class SortOperator((int Slot, bool Descending)[] keys) : BufferingOperator
{
    protected override IReadOnlyList<FieldValue[]> Complete(List<FieldValue[]> rows, QueryContext context)
    {
        var comparer = new PositionComparer(rows, keys);
        if (InOrder(rows.Count, comparer))
        {
            // Often so: a source answers groups in time order, and sort by _timeslice asks for just that.
            return rows;
        }

        // Sorting positions and breaking ties by position makes the unstable Array.Sort stable.
        var order = new int[rows.Count];
        for (var i = 0; i < order.Length; i++)
        {
            order[i] = i;
        }

        Array.Sort(order, comparer);
        var sorted = new FieldValue[order.Length][];
        for (var i = 0; i < order.Length; i++)
        {
            sorted[i] = rows[order[i]];
        }

        return sorted;
    }

    private static bool InOrder(int count, PositionComparer comparer)
    {
        for (var i = 1; i < count; i++)
        {
            if (comparer.Compare(i - 1, i) > 0)
            {
                return false;
            }
        }

        return true;
    }

    private sealed class PositionComparer(List<FieldValue[]> rows, (int Slot, bool Descending)[] keys) : IComparer<int>
    {
        public int Compare(int x, int y)
        {
            var left = rows[x];
            var right = rows[y];
            foreach (var (slot, descending) in keys)
            {
                var order = Values.SortCompare(Rows.Get(left, slot), Rows.Get(right, slot));
                if (order != 0)
                {
                    return descending ? -order : order;
                }
            }

            return x.CompareTo(y);
        }
    }
}
