using Metronome.Core.Events;
using Metronome.Query.Execution.Operators;
using Metronome.Query.Planning;
using Metronome.Query.Sources;

namespace Metronome.Query.Execution;

/// <summary>Runs a plan whose first aggregation a source answers: the source's groups become the rows
/// the engine's aggregate would have emitted, and flow through the operators after it.</summary>
internal static class PushedAggregation
{
    /// <summary>False when the source declined; nothing has run then.</summary>
    public static bool TryRun(AggregatePushdownPlan pushdown, ScanSpec spec, IAggregateSource source, List<PipelineOperator> operators, QueryContext context)
    {
        var request = new AggregateRequest(pushdown.GroupBy, pushdown.Aggregates, context.TimeZone, context.Request.MaxGroups);
        var answer = source.TryAggregate(spec, request, context.CancellationToken);
        if (answer is null)
        {
            return false;
        }

        context.Scanned += answer.Scanned;
        context.Matched += answer.Matched;
        var rows = new List<FieldValue[]>(answer.Rows.Count);
        foreach (var (keys, values) in answer.Rows)
        {
            var row = new FieldValue[context.Slots.Count];
            for (var k = 0; k < pushdown.GroupSlots.Length; k++)
            {
                row = Rows.Set(row, pushdown.GroupSlots[k], keys[k]);
            }

            var at = 0;
            foreach (var aggregate in pushdown.EngineAggregates)
            {
                foreach (var slot in aggregate.Outputs)
                {
                    row = Rows.Set(row, slot, values[at++]);
                }
            }

            rows.Add(row);
        }

        // A whole-table aggregate over nothing still answers one row (count 0), as the engine's does.
        if (rows.Count == 0 && pushdown.GroupSlots.Length == 0)
        {
            var row = new FieldValue[context.Slots.Count];
            foreach (var aggregate in pushdown.EngineAggregates)
            {
                row = aggregate.CreateState().Write(row);
            }

            rows.Add(row);
        }

        var rest = operators.Skip(pushdown.OperatorIndex + 1).ToList();
        var head = rest.Count > 0 ? rest[0] : operators[^1].Next!;
        BufferingOperator.EmitAll(rows, head, context);
        head.Finish(context);
        return true;
    }
}
