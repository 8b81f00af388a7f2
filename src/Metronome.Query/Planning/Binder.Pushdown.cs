using Metronome.Query.Execution.Operators;
using Metronome.Query.Sources;
using Metronome.Query.Syntax.Ast;

namespace Metronome.Query.Planning;

/// <summary>Decides whether the first aggregation can be answered by the source (see
/// <see cref="AggregatePushdownPlan"/>); the source still declines when it cannot apply the scope exactly.</summary>
public sealed partial class Binder
{
    private static readonly HashSet<string> PushableFunctions = ["count", "sum", "min", "max", "avg", "count_distinct", "pct"];

    private void NotePushdownBlocker(Stage stage)
    {
        switch (stage)
        {
            case AggregateStage:
                break;
            case TimesliceStage when _pushableTimeslice is null:
                break;
            default:
                // Anything else before the aggregation changes rows or fields the store never sees
                // (a second timeslice would make the first one's field a plain value).
                _pushdownBlocked = true;
                break;
        }
    }

    private AggregatePushdownPlan? PlanPushdown(AggregateStage stage, int[] groups, AggregateSpec[] specs)
    {
        if (_pushdownBlocked)
        {
            return null;
        }

        var timeslice = _pushableTimeslice;
        var keys = new List<AggregateGroupKey>();
        for (var i = 0; i < groups.Length; i++)
        {
            if (timeslice is { } t && groups[i] == t.Slot)
            {
                _readsRange |= _zone != TimeZoneInfo.Utc;
                if (!OffsetConstant(_zone, _request.From.AddMilliseconds(-t.PeriodMs), _request.To))
                {
                    // Across a zone change the engine's and the store's bucket alignment rules differ.
                    return null;
                }

                keys.Add(new AggregateGroupKey(null, t.PeriodMs));
            }
            else
            {
                keys.Add(new AggregateGroupKey(stage.GroupBy[i], null));
            }
        }

        var aggregates = new List<PushedAggregate>();
        for (var i = 0; i < specs.Length; i++)
        {
            var spec = specs[i];
            var field = stage.Aggregations[i].Field;
            var countsRows = spec.Function == "count" && field is null;
            if (!PushableFunctions.Contains(spec.Function) || (spec.Function == "count" && field is not null)
                || (!countsRows && (field is null || (timeslice is { } t && spec.Field == t.Slot))))
            {
                return null;
            }

            aggregates.Add(new PushedAggregate(spec.Function, field, spec.Percentiles));
        }

        return new AggregatePushdownPlan(keys, aggregates, groups, specs, _operators.Count);
    }

    /// <summary>Whether the zone keeps one UTC offset over the range (checked daily; offsets change at most
    /// twice a year). Ranges over ten years are not checked and count as changing.</summary>
    private static bool OffsetConstant(TimeZoneInfo zone, DateTimeOffset from, DateTimeOffset to)
    {
        if (zone == TimeZoneInfo.Utc)
        {
            return true;
        }

        if ((to - from).TotalDays > 3660)
        {
            return false;
        }

        var offset = zone.GetUtcOffset(from);
        for (var t = from; t < to; t = t.AddDays(1))
        {
            if (zone.GetUtcOffset(t) != offset)
            {
                return false;
            }
        }

        return zone.GetUtcOffset(to) == offset;
    }
}
