namespace Metronome.Query.Execution.Operators;

/// <summary>Counts the messages that survive the scope and the streaming stages before the first
/// aggregation (or reach the result): the <c>matched</c> statistic.</summary>
public sealed class MatchCountOperator : StreamingOperator
{
    protected override void Process(RowBatch batch, QueryContext context) => context.Matched += batch.Count;
}
