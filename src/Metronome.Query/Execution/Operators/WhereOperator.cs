using Metronome.Query.Execution.Expressions;

namespace Metronome.Query.Execution.Operators;

public sealed class WhereOperator(CompiledExpr condition) : StreamingOperator
{
    protected override void Process(RowBatch batch, QueryContext context) =>
        batch.RemoveWhere(row => !condition.IsTrue(row, context));
}
