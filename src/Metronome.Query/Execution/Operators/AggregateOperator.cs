using Metronome.Core.Events;
using Metronome.Query.Diagnostics;

namespace Metronome.Query.Execution.Operators;

/// <summary>Hash aggregation: one entry per distinct group key, states per aggregate. Output rows hold
/// the keys and results, in the order groups were first seen. More groups than the per-query limit
/// fails the query with <see cref="DiagnosticCode.TooManyGroups"/> instead of exhausting memory.</summary>
public sealed class AggregateOperator(int[] groupSlots, AggregateSpec[] aggregates) : PipelineOperator
{
    private readonly Dictionary<GroupKey, AggregateState[]> _groups = new(GroupKey.Comparer);
    private readonly List<(GroupKey Key, AggregateState[] States)> _order = [];
    private FieldValue[] _probe = new FieldValue[groupSlots.Length];

    // The previous row's group: neighbouring rows often share one (same status, same timeslice), and
    // comparing with it (exactly as the dictionary does) is cheaper than hashing the key.
    private readonly FieldValue[] _lastKey = new FieldValue[groupSlots.Length];
    private AggregateState[]? _lastStates;

    public override void Push(RowBatch batch, QueryContext context)
    {
        context.CancellationToken.ThrowIfCancellationRequested();
        if (groupSlots.Length == 0)
        {
            AddToSingleGroup(batch);
            return;
        }

        for (var i = 0; i < batch.Count; i++)
        {
            var row = batch[i];
            for (var k = 0; k < groupSlots.Length; k++)
            {
                _probe[k] = Rows.Get(row, groupSlots[k]);
            }

            if (_lastStates is not null && _probe.AsSpan().SequenceEqual(_lastKey))
            {
                foreach (var state in _lastStates)
                {
                    state.Add(row);
                }

                continue;
            }

            _probe.CopyTo(_lastKey, 0);
            if (!_groups.TryGetValue(new GroupKey(_probe), out var states))
            {
                if (_groups.Count >= context.Request.MaxGroups)
                {
                    throw new QueryException(Diagnostic.Unpositioned(DiagnosticCode.TooManyGroups,
                        $"the aggregation produced more than {context.Request.MaxGroups} groups; group by fewer or coarser fields"));
                }

                states = new AggregateState[aggregates.Length];
                for (var a = 0; a < aggregates.Length; a++)
                {
                    states[a] = aggregates[a].CreateState();
                }

                var key = new GroupKey(_probe);
                _probe = new FieldValue[groupSlots.Length];
                _groups.Add(key, states);
                _order.Add((key, states));
            }

            _lastStates = states;
            foreach (var state in states)
            {
                state.Add(row);
            }
        }
    }

    /// <summary>A whole-table aggregate: one group, no key to hash per row.</summary>
    private void AddToSingleGroup(RowBatch batch)
    {
        if (_order.Count == 0)
        {
            var states = new AggregateState[aggregates.Length];
            for (var a = 0; a < aggregates.Length; a++)
            {
                states[a] = aggregates[a].CreateState();
            }

            var key = new GroupKey([]);
            _groups.Add(key, states);
            _order.Add((key, states));
        }

        var single = _order[0].States;
        for (var i = 0; i < batch.Count; i++)
        {
            var row = batch[i];
            foreach (var state in single)
            {
                state.Add(row);
            }
        }
    }

    public override void Finish(QueryContext context)
    {
        var rows = new List<FieldValue[]>(_order.Count);
        foreach (var (key, states) in _order)
        {
            var output = new FieldValue[context.Slots.Count];
            for (var k = 0; k < groupSlots.Length; k++)
            {
                output = Rows.Set(output, groupSlots[k], key.Values[k]);
            }

            foreach (var state in states)
            {
                output = state.Write(output);
            }

            rows.Add(output);
        }

        // A whole-table aggregate over no rows still answers one row (count 0), as Sumo does.
        if (rows.Count == 0 && groupSlots.Length == 0)
        {
            var output = new FieldValue[context.Slots.Count];
            foreach (var spec in aggregates)
            {
                output = spec.CreateState().Write(output);
            }

            rows.Add(output);
        }

        BufferingOperator.EmitAll(rows, Next!, context);
        Next!.Finish(context);
    }
}
