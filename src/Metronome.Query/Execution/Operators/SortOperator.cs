using Metronome.Core.Events;

namespace Metronome.Query.Execution.Operators;

/// <summary><c>sort by a desc, b asc</c>: stable, per-key direction, <see cref="Values.SortCompare"/> order.</summary>
public sealed class SortOperator((int Slot, bool Descending)[] keys) : BufferingOperator
{
    protected override IReadOnlyList<FieldValue[]> Complete(List<FieldValue[]> rows, QueryContext context)
    {
        // Positions are sorted, ties broken by position: a total order, so any sort of them is stable.
        var comparer = new PositionComparer(rows, keys);
        var order = new int[rows.Count];
        for (var i = 0; i < order.Length; i++)
        {
            order[i] = i;
        }

        // Rows often arrive nearly in order (a source answers groups in time order, and sort by _timeslice
        // asks for just that), which insertion sort finishes in about one comparison per row; when they
        // are far from it, it stops early and the general sort takes over.
        if (!InsertionSort(order, comparer, out var moved))
        {
            Array.Sort(order, comparer);
        }
        else if (!moved)
        {
            return rows;
        }

        var sorted = new FieldValue[order.Length][];
        for (var i = 0; i < order.Length; i++)
        {
            sorted[i] = rows[order[i]];
        }

        return sorted;
    }

    /// <summary>Sorts <paramref name="order"/> unless that takes more than a few moves per row; false then.</summary>
    private static bool InsertionSort(int[] order, PositionComparer comparer, out bool moved)
    {
        var budget = 4L * order.Length;
        moved = false;
        for (var i = 1; i < order.Length; i++)
        {
            var current = order[i];
            var j = i;
            while (j > 0 && comparer.Compare(order[j - 1], current) > 0)
            {
                if (--budget < 0)
                {
                    order[j] = current; // leave a permutation for the general sort
                    return false;
                }

                order[j] = order[j - 1];
                j--;
            }

            if (j != i)
            {
                order[j] = current;
                moved = true;
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
