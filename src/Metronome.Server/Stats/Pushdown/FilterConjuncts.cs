using Metronome.Ingest.Web;
using Metronome.Server.Stats.Query;

namespace Metronome.Server.Stats.Pushdown;

/// <summary>A filter tree cut at its and-nodes into parts that each read a single dimension, so that each
/// part can be decided on that dimension's distinct values alone.</summary>
public static class FilterConjuncts
{
    public static bool TrySplit(StatsFilter filter, out List<(Dimension Dimension, StatsFilter Filter)> conjuncts)
    {
        conjuncts = [];
        return Split(filter, conjuncts);
    }

    private static bool Split(StatsFilter filter, List<(Dimension, StatsFilter)> conjuncts)
    {
        if (filter is AndFilter and)
        {
            return and.Filters.All(f => Split(f, conjuncts));
        }

        var dimensions = new List<Dimension>();
        Collect(filter, dimensions);
        if (dimensions.Count == 0)
        {
            return false;
        }

        var first = dimensions[0];
        if (dimensions.Any(d => d.Name != first.Name) || first.Kind is not (DimensionKind.Event or DimensionKind.Visit)
            || (first.Kind == DimensionKind.Visit && first.Field == WebFields.ReferrerHost))
        {
            return false;
        }

        conjuncts.Add((first, filter));
        return true;
    }

    private static void Collect(StatsFilter filter, List<Dimension> dimensions)
    {
        switch (filter)
        {
            case AndFilter and:
                and.Filters.ToList().ForEach(f => Collect(f, dimensions));
                break;
            case OrFilter or:
                or.Filters.ToList().ForEach(f => Collect(f, dimensions));
                break;
            case NotFilter not:
                Collect(not.Filter, dimensions);
                break;
            case SimpleFilter simple:
                dimensions.Add(simple.Dimension);
                break;
        }
    }
}
