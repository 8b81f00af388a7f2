using Metronome.Query.Execution.Expressions;

namespace Metronome.Query.Execution.Operators;

/// <summary><c>expr as name</c>, and bare calls such as <c>num(x)</c> that write back to x.</summary>
public sealed class AssignOperator(CompiledExpr value, int slot) : StreamingOperator
{
    protected override void Process(RowBatch batch, QueryContext context)
    {
        for (var i = 0; i < batch.Count; i++)
        {
            var row = batch[i];
            batch[i] = Rows.Set(row, slot, value.Evaluate(row, context));
        }
    }
}
