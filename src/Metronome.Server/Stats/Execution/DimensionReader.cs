using Metronome.Ingest.Web;
using Metronome.Server.Stats.Query;

namespace Metronome.Server.Stats.Execution;

/// <summary>Reads a dimension's value for one hit of a dataset: event dimensions from the hit, visit
/// dimensions from its visit, time dimensions from its time.</summary>
public sealed class DimensionReader(StatsDataset dataset, TimeZoneInfo zone)
{
    public StatsDataset Dataset => dataset;

    public TimeLabelers Labelers { get; } = new(zone);

    public TimeLabeler Labeler(TimeBucket bucket) => Labelers.For(bucket);

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
            return ReferrerLabel(StatsDataset.TextOf(first, WebFields.ReferrerHost), StatsDataset.TextOf(first, WebFields.ReferrerPath));
        }

        return StatsDataset.TextOf(first, dimension.Field!) ?? MissingLabel(dimension);
    }

    /// <summary>visit:referrer is host and path, as Plausible shows the Referer without scheme and www.</summary>
    public static string ReferrerLabel(string? host, string? path) =>
        host is null ? StatsNames.DirectNone : host + (path is not null and not "/" ? path : "");

    /// <summary>What a dimension reads when its field is absent: <c>Direct / None</c> for the source.</summary>
    public static string MissingLabel(Dimension dimension) =>
        dimension.Kind == DimensionKind.Visit && dimension.Field is WebFields.Source or WebFields.ReferrerHost ? StatsNames.DirectNone : dimension.Missing;
}
