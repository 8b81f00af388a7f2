using Metronome.Ingest.Web;
using Metronome.Server.Stats.Query;

namespace Metronome.Server.Stats.Pushdown;

/// <summary>
/// Which queries the store's aggregation can answer without cutting visits: metrics counted per event
/// or per distinct visitor, dimensions read from one event, filters that each read one dimension. Visit
/// dimensions qualify here; whether their fields really are per visitor is checked against the data
/// (<see cref="VisitFieldCheck"/>).
/// </summary>
public static class AggregateEligibility
{
    /// <summary>Null when the query qualifies, else why not (shown by tests and benchmarks).</summary>
    public static string? WhyNot(StatsQuery query)
    {
        foreach (var metric in query.Metrics)
        {
            if (metric.Kind is not (MetricKind.Visitors or MetricKind.Pageviews or MetricKind.Events or MetricKind.Percentage or MetricKind.Sum or MetricKind.Average))
            {
                return $"metric {metric.Name} needs visits or goals";
            }
        }

        bool additiveOnly = query.Metrics.All(m => m.Kind is MetricKind.Pageviews or MetricKind.Events or MetricKind.Sum);
        foreach (var dimension in query.Dimensions)
        {
            switch (dimension.Kind)
            {
                case DimensionKind.Event or DimensionKind.Visit:
                    break;
                case DimensionKind.Time when dimension.Bucket is TimeBucket.Hour or TimeBucket.Day || additiveOnly:
                    // Weeks and months are summed from days, which only counts and sums survive.
                    break;
                default:
                    return $"dimension {dimension.Name} needs visits or goals";
            }
        }

        if (query.Filter is not null && !FilterConjuncts.TrySplit(query.Filter, out _))
        {
            return "a filter combines several dimensions with or/not, or reads a goal, a time or the referrer";
        }

        return null;
    }

    /// <summary>The fields of a dimension, as the store groups them: two for visit:referrer (host, path).</summary>
    public static IReadOnlyList<string> FieldsOf(Dimension dimension) =>
        dimension.Kind == DimensionKind.Visit && dimension.Field == WebFields.ReferrerHost
            ? [WebFields.ReferrerHost, WebFields.ReferrerPath]
            : [dimension.Field!];
}
