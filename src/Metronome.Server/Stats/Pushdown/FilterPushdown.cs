using Metronome.Core.Events;
using Metronome.Server.Stats.Execution;
using Metronome.Server.Stats.Query;
using Metronome.Storage;
using Metronome.Storage.Aggregation;
using Metronome.Storage.Scanning;

namespace Metronome.Server.Stats.Pushdown;

/// <summary>The store filter equivalent to one filter part, or why there is none.</summary>
public readonly record struct PushedFilter(PushedFilter.Outcome Kind, FieldFilter? Filter = null)
{
    public enum Outcome
    {
        /// <summary>Every event passes: nothing to push.</summary>
        All,

        /// <summary>Events pass exactly when they pass <see cref="Filter"/>.</summary>
        Restrict,

        /// <summary>No event passes.</summary>
        Nothing,

        /// <summary>No store filter selects exactly the same events.</summary>
        Untranslatable,
    }
}

/// <summary>
/// Turns a filter part on one dimension into a store filter. The store's <c>In</c> compares text without
/// case and has no substring or regex test, so the part is decided on the field's distinct values in the
/// period (asked of the store) with the stats API's own rules, and the values that pass become an
/// <c>In</c> list (or a <c>NotIn</c> list when shorter), provided no value that fails equals one that
/// passes under the store's looser comparison.
/// </summary>
public static class FilterPushdown
{
    /// <summary>Beyond this many distinct values the probe costs more than it saves.</summary>
    public const int MaxDistinctValues = 100_000;

    public static PushedFilter Translate(IEventStore store, ScanQuery webEvents, Dimension dimension, StatsFilter filter, CancellationToken cancellationToken)
    {
        string field = dimension.Field!;
        var narrowing = ProbeFilter(dimension, filter);
        var probe = narrowing is null ? webEvents : webEvents with { Filters = [.. webEvents.Filters, narrowing] };
        IReadOnlyList<AggregateRow> rows;
        try
        {
            rows = store.Aggregate(new AggregateQuery(probe, [new FieldGroupKey(field)], [AggregateSpec.Count()]) { MaxGroups = MaxDistinctValues }, cancellationToken).Rows;
        }
        catch (TooManyGroupsException)
        {
            return new PushedFilter(PushedFilter.Outcome.Untranslatable);
        }

        var pass = new List<FieldValue>();
        var fail = new List<FieldValue>();
        bool nullPasses = false, nullFails = false;
        foreach (var row in rows)
        {
            var value = row.Keys[0];
            bool passes = FilterEvaluator.MatchesValue(filter, KeyLabels.Of(dimension, value));
            if (value.IsNull)
            {
                nullPasses |= passes;
                nullFails |= !passes;
            }
            else
            {
                (passes ? pass : fail).Add(value);
            }
        }

        // A narrowed probe did not read the values that fail for certain: they are outside the In list.
        return Choose(field, pass, fail, nullPasses, nullFails || narrowing is not null, listOnly: narrowing is not null);
    }

    private static PushedFilter Choose(string field, List<FieldValue> pass, List<FieldValue> fail, bool nullPasses, bool nullFails, bool listOnly)
    {
        if (fail.Count == 0 && !nullFails)
        {
            return new PushedFilter(PushedFilter.Outcome.All);
        }

        if (pass.Count == 0 && !nullPasses)
        {
            return new PushedFilter(PushedFilter.Outcome.Nothing);
        }

        if (fail.Count == 0 && !listOnly)
        {
            // Only events without the field fail.
            return new PushedFilter(PushedFilter.Outcome.Restrict, FieldFilter.Present(field));
        }

        if (nullPasses)
        {
            // "Missing or one of" is not a single store filter.
            return pass.Count == 0 ? new PushedFilter(PushedFilter.Outcome.Restrict, new FieldFilter(field, FilterOp.Missing, [])) : new PushedFilter(PushedFilter.Outcome.Untranslatable);
        }

        if (pass.Any(p => fail.Any(f => EventMatcher.ValuesEqual(p, f))))
        {
            return new PushedFilter(PushedFilter.Outcome.Untranslatable);
        }

        return listOnly || pass.Count <= fail.Count
            ? new PushedFilter(PushedFilter.Outcome.Restrict, new FieldFilter(field, FilterOp.In, pass))
            : new PushedFilter(PushedFilter.Outcome.Restrict, new FieldFilter(field, FilterOp.NotIn, fail));
    }

    /// <summary>For a plain <c>is</c>, only values equal to a clause without case can pass, so the probe
    /// reads just those (and every value equal to one that passes, which the clash check needs).</summary>
    private static FieldFilter? ProbeFilter(Dimension dimension, StatsFilter filter)
    {
        if (filter is not SimpleFilter { Operator: FilterOperator.Is } simple || simple.Clauses.Contains(DimensionReader.MissingLabel(dimension)))
        {
            return null;
        }

        return new FieldFilter(dimension.Field!, FilterOp.In, [.. simple.Clauses.Select(c => (FieldValue)FilterEvaluator.Alias(simple, c))]);
    }
}
