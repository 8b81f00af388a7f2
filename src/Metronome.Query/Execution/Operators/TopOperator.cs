using Metronome.Core.Events;

namespace Metronome.Query.Execution.Operators;

/// <summary><c>top N f[, g]</c>: counts rows by the fields and keeps the N largest counts (as
/// <c>_count</c>); <c>top N f by y</c>: keeps the N rows with the largest y (ties in arrival order).</summary>
public sealed class TopOperator(int count, int[] fields, int by, int countSlot) : BufferingOperator
{
    protected override IReadOnlyList<FieldValue[]> Complete(List<FieldValue[]> rows, QueryContext context)
    {
        if (by >= 0)
        {
            return rows.Select((row, index) => (row, index))
                .OrderByDescending(p => Rows.Get(p.row, by), Comparer<FieldValue>.Create((a, b) => Values.SortCompare(a, b)))
                .ThenBy(p => p.index)
                .Take(count)
                .Select(p => p.row)
                .ToArray();
        }

        var counts = new Dictionary<GroupKey, long>(GroupKey.Comparer);
        var order = new List<GroupKey>();
        foreach (var row in rows)
        {
            var key = GroupKey.Of(row, fields);
            if (!counts.TryGetValue(key, out var n))
            {
                order.Add(key);
            }

            counts[key] = n + 1;
        }

        return order.Select((key, index) => (key, index))
            .OrderByDescending(p => counts[p.key])
            .ThenBy(p => p.index)
            .Take(count)
            .Select(p =>
            {
                var output = new FieldValue[context.Slots.Count];
                for (var f = 0; f < fields.Length; f++)
                {
                    output[fields[f]] = p.key.Values[f];
                }

                output[countSlot] = counts[p.key];
                return output;
            })
            .ToArray();
    }
}
