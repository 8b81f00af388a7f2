using Metronome.Core.Events;

namespace Metronome.Query.Execution.Operators;

/// <summary><c>total f [as a] [by g]</c>: the group's sum of f (numbers only) written into every row.</summary>
public sealed class TotalOperator(int field, int output, int[] groups) : BufferingOperator
{
    protected override IReadOnlyList<FieldValue[]> Complete(List<FieldValue[]> rows, QueryContext context)
    {
        var sums = new Dictionary<GroupKey, double>(GroupKey.Comparer);
        foreach (var row in rows)
        {
            var key = GroupKey.Of(row, groups);
            sums.TryGetValue(key, out var sum);
            sums[key] = Values.TryNumber(Rows.Get(row, field), out var x) ? sum + x : sum;
        }

        for (var i = 0; i < rows.Count; i++)
        {
            rows[i] = Rows.Set(rows[i], output, sums[GroupKey.Of(rows[i], groups)]);
        }

        return rows;
    }
}
