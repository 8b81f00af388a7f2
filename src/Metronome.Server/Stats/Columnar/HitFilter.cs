using Metronome.Core.Events;
using Metronome.Ingest.Web;
using Metronome.Server.Stats.Execution;
using Metronome.Server.Stats.Query;

namespace Metronome.Server.Stats.Columnar;

/// <summary>
/// Which hits of a <see cref="HitTable"/> pass a filter tree, as <see cref="FilterEvaluator"/> decides
/// for each hit, but deciding each simple filter once per distinct label (or goal) and combining the
/// results hit by hit.
/// </summary>
public static class HitFilter
{
    /// <summary>The dimensions the filter reads.</summary>
    public static IEnumerable<Dimension> DimensionsOf(StatsFilter? filter) => filter switch
    {
        AndFilter and => and.Filters.SelectMany(DimensionsOf),
        OrFilter or => or.Filters.SelectMany(DimensionsOf),
        NotFilter not => DimensionsOf(not.Filter),
        SimpleFilter simple => [simple.Dimension],
        _ => [],
    };

    /// <summary>Per hit, whether it passes; null when there is no filter (every hit passes).</summary>
    public static bool[]? Mask(StatsFilter? filter, HitTable hits, Func<Dimension, DimensionLabels> labelsOf) =>
        filter is null ? null : Evaluate(filter, hits, labelsOf);

    private static bool[] Evaluate(StatsFilter filter, HitTable hits, Func<Dimension, DimensionLabels> labelsOf)
    {
        switch (filter)
        {
            case AndFilter and:
                return Combine(and.Filters, hits, labelsOf, all: true);
            case OrFilter or:
                return Combine(or.Filters, hits, labelsOf, all: false);
            case NotFilter not:
                var inner = Evaluate(not.Filter, hits, labelsOf);
                for (int i = 0; i < inner.Length; i++)
                {
                    inner[i] = !inner[i];
                }

                return inner;
            case SimpleFilter { Dimension.Kind: DimensionKind.Goal } goal:
                return Goals(goal, hits);
            case SimpleFilter simple:
                var labels = labelsOf(simple.Dimension);
                var byLabel = labels.Labels.Select(label => FilterEvaluator.MatchesValue(simple, label)).ToArray();
                var mask = new bool[hits.Count];
                for (int i = 0; i < mask.Length; i++)
                {
                    mask[i] = byLabel[labels.OfHit[i]];
                }

                return mask;
            default:
                throw new InvalidOperationException("unknown filter " + filter.GetType().Name);
        }
    }

    private static bool[] Combine(IReadOnlyList<StatsFilter> filters, HitTable hits, Func<Dimension, DimensionLabels> labelsOf, bool all)
    {
        var result = new bool[hits.Count];
        Array.Fill(result, all);
        foreach (var filter in filters)
        {
            var mask = Evaluate(filter, hits, labelsOf);
            for (int i = 0; i < result.Length; i++)
            {
                result[i] = all ? result[i] && mask[i] : result[i] || mask[i];
            }
        }

        return result;
    }

    /// <summary>A goal is decided once per page (pageviews) and once per name (other events).</summary>
    private static bool[] Goals(SimpleFilter filter, HitTable hits)
    {
        var pages = hits.Ids(WebFields.Page);
        var pageValues = hits.Interner(WebFields.Page);
        var nameValues = hits.Interner(FieldNames.Name);
        var byPage = new sbyte[pageValues.Count];
        var byName = new sbyte[nameValues.Count];
        var mask = new bool[hits.Count];
        for (int i = 0; i < mask.Length; i++)
        {
            bool pageview = hits.IsPageview[i];
            int id = pageview ? pages[i] : hits.NameIds[i];
            ref sbyte known = ref pageview ? ref byPage[id] : ref byName[id];
            if (known == 0)
            {
                string goal = pageview ? DimensionLabels.GoalOf(true, pageValues.ValueOf(id), default) : DimensionLabels.GoalOf(false, default, nameValues.ValueOf(id));
                known = FilterEvaluator.MatchesGoal(filter, goal, pageview) ? (sbyte)1 : (sbyte)-1;
            }

            mask[i] = known > 0;
        }

        return mask;
    }
}
