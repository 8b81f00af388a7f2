using Metronome.Core.Events;

namespace Metronome.Query.Execution.Operators;

/// <summary><c>accum f [as a] [by g]</c>: running sum in the current row order; non-numbers skipped.</summary>
public sealed class AccumOperator(int field, int output, int[] groups) : StreamingOperator
{
    private readonly Dictionary<GroupKey, double> _sums = new(GroupKey.Comparer);

    protected override void Process(RowBatch batch, QueryContext context)
    {
        for (var i = 0; i < batch.Count; i++)
        {
            var row = batch[i];
            var key = GroupKey.Of(row, groups);
            _sums.TryGetValue(key, out var sum);
            if (Values.TryNumber(Rows.Get(row, field), out var value))
            {
                sum += value;
                _sums[key] = sum;
                batch[i] = Rows.Set(row, output, sum);
            }
            else
            {
                batch[i] = Rows.Set(row, output, FieldValue.Null);
            }
        }
    }
}
