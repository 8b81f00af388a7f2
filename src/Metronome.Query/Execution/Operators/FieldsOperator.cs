using Metronome.Core.Events;

namespace Metronome.Query.Execution.Operators;

/// <summary><c>fields a, b</c> clears every other non-system field; <c>fields - a, b</c> clears those.
/// The output column list is the binder's business; clearing keeps later stages honest.</summary>
public sealed class FieldsOperator(bool exclude, HashSet<int> listed) : StreamingOperator
{
    protected override void Process(RowBatch batch, QueryContext context)
    {
        var slots = context.Slots;
        for (var i = 0; i < batch.Count; i++)
        {
            var row = batch[i];
            for (var s = 0; s < row.Length; s++)
            {
                if (row[s].IsNull)
                {
                    continue;
                }

                var clear = exclude ? listed.Contains(s) : !listed.Contains(s) && !slots.Name(s).StartsWith('_');
                if (clear)
                {
                    row[s] = FieldValue.Null;
                }
            }
        }
    }
}
