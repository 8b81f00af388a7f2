using Metronome.Ingest.Web;
using Metronome.Server.Stats.Query;

namespace Metronome.Server.Stats.Execution;

/// <summary>Reads a dimension's value for one hit of a dataset: event dimensions from the hit, visit
/// dimensions from its visit, time dimensions from its time.</summary>
public sealed class DimensionReader(StatsDataset dataset, TimeZoneInfo zone)
{
    private readonly Dictionary<TimeBucket, TimeLabeler> _labelers = [];

    public StatsDataset Dataset => dataset;

    public TimeLabeler Labeler(TimeBucket bucket)
    {
        if (!_labelers.TryGetValue(bucket, out var labeler))
        {
            labeler = new TimeLabeler(zone, bucket);
            _labelers[bucket] = labeler;
        }

        return labeler;
    }

    public string Read(Dimension dimension, int hitIndex)
    {
        ref readonly var hit = ref dataset.Hits[hitIndex];
        switch (dimension.Kind)
        {
            case DimensionKind.Event:
                return dimension.Field == Core.Events.FieldNames.Name
                    ? hit.Event.Name
                    : StatsDataset.TextOf(hit.Event, dimension.Field!) ?? dimension.Missing;
            case DimensionKind.Goal:
                return GoalOf(hit);
            case DimensionKind.EntryPage:
                return dataset.Sessions[hit.Session].EntryPage ?? dimension.Missing;
            case DimensionKind.ExitPage:
                return dataset.Sessions[hit.Session].ExitPage ?? dimension.Missing;
            case DimensionKind.Time:
                return Labeler(dimension.Bucket).Label(hit.TimeUs);
            default:
                return VisitValue(dimension, dataset.AttributesOf(hit.Session));
        }
    }

    public static string GoalOf(in StatsHit hit) =>
        hit.IsPageview ? StatsNames.VisitGoalPrefix + (StatsDataset.TextOf(hit.Event, WebFields.Page) ?? "/") : hit.Event.Name;

    private static string VisitValue(Dimension dimension, Core.Events.Event first)
    {
        if (dimension.Field == WebFields.ReferrerHost)
        {
            // visit:referrer is host and path, as Plausible shows the Referer without scheme and www.
            var host = StatsDataset.TextOf(first, WebFields.ReferrerHost);
            return host is null ? StatsNames.DirectNone : host + (StatsDataset.TextOf(first, WebFields.ReferrerPath) is { } path and not "/" ? path : "");
        }

        var value = StatsDataset.TextOf(first, dimension.Field!);
        if (value is not null)
        {
            return value;
        }

        return dimension.Field == WebFields.Source ? StatsNames.DirectNone : dimension.Missing;
    }
}
