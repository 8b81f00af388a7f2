using Metronome.Core.Events;

namespace Metronome.Query.Execution.Operators;

/// <summary><c>sort by a desc, b asc</c>: stable, per-key direction, <see cref="Values.SortCompare"/> order.</summary>
public sealed class SortOperator((int Slot, bool Descending)[] keys) : BufferingOperator
{
    protected override IReadOnlyList<FieldValue[]> Complete(List<FieldValue[]> rows, QueryContext context)
    {
        var indexed = rows.Select((row, index) => (row, index)).ToArray();
        Array.Sort(indexed, (x, y) =>
        {
            foreach (var (slot, descending) in keys)
            {
                var order = Values.SortCompare(Rows.Get(x.row, slot), Rows.Get(y.row, slot));
                if (order != 0)
                {
                    return descending ? -order : order;
                }
            }

            return x.index.CompareTo(y.index);
        });
        return indexed.Select(p => p.row).ToArray();
    }
}
