using Metronome.Core.Events;
using Metronome.Query.Execution.Operators;
using Metronome.Query.Planning;
using Metronome.Query.Sources;

namespace Metronome.Query.Execution;

/// <summary>Runs a plan whose first aggregation a source answers: the source's groups become the rows
/// the engine's aggregate would have emitted, and flow through the operators after it.</summary>
internal static class PushedAggregation
{
    private const int BatchRows = 1024;

    /// <summary>False when the source declined; nothing has run then.</summary>
    /// <param name="head">The first operator after the aggregation (or the sink).</param>
    public static bool TryRun(AggregatePushdownPlan pushdown, ScanSpec spec, IAggregateSource source, PipelineOperator head, QueryContext context)
    {
        var request = new AggregateRequest(pushdown.GroupBy, pushdown.Aggregates, context.TimeZone, context.Request.MaxGroups);
        var answer = source.TryAggregate(spec, request, context.CancellationToken);
        if (answer is null)
        {
            return false;
        }

        context.Scanned += answer.Scanned;
        context.Matched += answer.Matched;
        var width = context.Slots.Count;
        var groups = answer.Rows;
        var batch = new RowBatch(Math.Min(BatchRows, groups.Count));
        for (var g = 0; g < groups.Count; g++)
        {
            var (keys, values) = groups[g];
            var row = new FieldValue[width];
            for (var k = 0; k < pushdown.GroupSlots.Length; k++)
            {
                row[pushdown.GroupSlots[k]] = keys[k];
            }

            var at = 0;
            foreach (var aggregate in pushdown.EngineAggregates)
            {
                foreach (var slot in aggregate.Outputs)
                {
                    row[slot] = values[at++];
                }
            }

            batch.Add(row);
            if (batch.Count == BatchRows)
            {
                head.Push(batch, context);
                batch = new RowBatch(Math.Min(BatchRows, groups.Count - g - 1));
            }
        }

        // A whole-table aggregate over nothing still answers one row (count 0), as the engine's does.
        if (groups.Count == 0 && pushdown.GroupSlots.Length == 0)
        {
            var row = new FieldValue[width];
            foreach (var aggregate in pushdown.EngineAggregates)
            {
                row = aggregate.CreateState().Write(row);
            }

            batch.Add(row);
        }

        if (batch.Count > 0)
        {
            head.Push(batch, context);
        }

        head.Finish(context);
        return true;
    }
}
