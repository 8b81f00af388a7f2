using Metronome.Core.Events;
using Metronome.Core.Time;
using Metronome.Ingest.Web;
using Metronome.Server.Stats.Execution;
using Metronome.Server.Stats.Query;
using Metronome.Storage;
using Metronome.Storage.Aggregation;
using Metronome.Storage.Scanning;

namespace Metronome.Server.Stats.Pushdown;

/// <summary>
/// Answers a query that needs no visits with the store's columnar aggregation instead of materializing
/// the period's events: distinct visitors, counts and sums grouped by the dimensions' fields and time
/// buckets, with the filters pushed down. It answers null whenever the data leaves any doubt that the
/// result would equal the scan's (a visit field that varies within a visitor, a filter the store cannot
/// express exactly, a zone whose offset changes in the period, numbers stored as text), and the caller
/// scans instead.
/// </summary>
public sealed class AggregateStatsRunner(IEventStore store)
{
    public List<StatsRow>? TryRun(StatsQuery query, StatsPeriod period, string app, TimeLabelers labelers, CancellationToken cancellationToken)
    {
        if (AggregateEligibility.WhyNot(query) is not null
            || (query.Dimensions.Any(d => d.IsTime) && !FixedOffset.Holds(period.Zone, period.FromUs, period.ToUs)))
        {
            return null;
        }

        var web = new ScanQuery { App = app, FromUs = period.FromUs, ToUs = period.ToUs, Filters = StatsDataset.WebEventsWithoutBots };
        if (!VisitFieldsArePerVisitor(query, web, cancellationToken) || PushFilters(query, web, cancellationToken) is not { } filtered)
        {
            return null;
        }

        if (filtered.Matches && !PropertiesAreNumbers(query, filtered.Scan, cancellationToken))
        {
            return null;
        }

        try
        {
            var groups = filtered.Matches ? Group(query, filtered.Scan, period.Zone, labelers, cancellationToken) : [];
            if (groups is null)
            {
                return null;
            }

            var totals = new Totals();
            if (query.Metrics.Any(m => m.Kind == MetricKind.Percentage) && filtered.Matches)
            {
                totals.Visitors = DistinctVisitors(filtered.Scan, cancellationToken);
            }

            if (query.Dimensions.Count == 0 && groups.Count == 0)
            {
                groups[""] = new AggregateGroup([], query.Metrics.Count);
            }

            return [.. groups.Values.Select(g => new StatsRow(g.Labels, [.. query.Metrics.Select((m, i) => g.Compute(m, i, totals))]))];
        }
        catch (TooManyGroupsException)
        {
            return null;
        }
    }

    private bool VisitFieldsArePerVisitor(StatsQuery query, ScanQuery web, CancellationToken cancellationToken)
    {
        var fields = query.Dimensions.Where(d => d.Kind == DimensionKind.Visit).SelectMany(AggregateEligibility.FieldsOf).ToList();
        if (query.Filter is not null && FilterConjuncts.TrySplit(query.Filter, out var conjuncts))
        {
            fields.AddRange(conjuncts.Where(c => c.Dimension.Kind == DimensionKind.Visit).Select(c => c.Dimension.Field!));
        }

        var check = new VisitFieldCheck(store, web, cancellationToken);
        return fields.Distinct(StringComparer.Ordinal).All(check.IsPerVisitor);
    }

    /// <summary>The scan with every filter part pushed down; null when a part cannot be; Matches false
    /// when a part passes no event at all.</summary>
    private (ScanQuery Scan, bool Matches)? PushFilters(StatsQuery query, ScanQuery web, CancellationToken cancellationToken)
    {
        if (query.Filter is null)
        {
            return (web, true);
        }

        FilterConjuncts.TrySplit(query.Filter, out var conjuncts);
        var filters = new List<FieldFilter>(web.Filters);
        foreach (var (dimension, filter) in conjuncts)
        {
            var pushed = FilterPushdown.Translate(store, web, dimension, filter, cancellationToken);
            switch (pushed.Kind)
            {
                case PushedFilter.Outcome.Untranslatable:
                    return null;
                case PushedFilter.Outcome.Nothing:
                    return (web, false);
                case PushedFilter.Outcome.Restrict:
                    filters.Add(pushed.Filter!);
                    break;
            }
        }

        return (web with { Filters = filters }, true);
    }

    /// <summary>The store sums numbers written as text too; the scan does not. The two agree when every
    /// value of the property is a number: as many values as values in (-inf, +inf).</summary>
    private bool PropertiesAreNumbers(StatsQuery query, ScanQuery scan, CancellationToken cancellationToken)
    {
        foreach (var property in query.Metrics.Where(m => m.Kind is MetricKind.Sum or MetricKind.Average).Select(m => m.Property!).Distinct(StringComparer.Ordinal))
        {
            long present = Count(scan with { Filters = [.. scan.Filters, FieldFilter.Present(property)] }, cancellationToken);
            long numbers = Count(scan with { Filters = [.. scan.Filters, FieldFilter.Between(property, double.NegativeInfinity, double.PositiveInfinity)] }, cancellationToken);
            if (present != numbers)
            {
                return false;
            }
        }

        return true;
    }

    private Dictionary<string, AggregateGroup>? Group(StatsQuery query, ScanQuery scan, TimeZoneInfo zone, TimeLabelers labelers, CancellationToken cancellationToken)
    {
        var keys = query.Dimensions.SelectMany(d => d.IsTime ? [TimeKey(d, zone)] : AggregateEligibility.FieldsOf(d).Select(f => (GroupKey)new FieldGroupKey(f))).ToList();
        bool visitors = query.Metrics.Any(m => m.Kind is MetricKind.Visitors or MetricKind.Percentage);
        var specs = new List<AggregateSpec> { AggregateSpec.Count() };
        if (visitors)
        {
            specs.Add(new AggregateSpec(AggregateKind.CountDistinct, WebFields.Visitor));
        }

        foreach (var metric in query.Metrics.Where(m => m.Kind is MetricKind.Sum or MetricKind.Average))
        {
            specs.Add(new AggregateSpec(AggregateKind.Sum, metric.Property));
            specs.Add(new AggregateSpec(AggregateKind.Avg, metric.Property));
        }

        var groups = new Dictionary<string, AggregateGroup>(StringComparer.Ordinal);
        bool additive = !visitors && !query.Metrics.Any(m => m.Kind == MetricKind.Average);
        foreach (var row in store.Aggregate(new AggregateQuery(scan, keys, specs), cancellationToken).Rows)
        {
            var labels = Labels(query.Dimensions, row.Keys, labelers);
            string key = string.Join('\u001f', labels);
            if (groups.TryGetValue(key, out var group) && !additive)
            {
                return null; // two keys show as one row (a week of days, 1 and "1"): distinct counts do not add up
            }

            group ??= groups[key] = new AggregateGroup(labels, query.Metrics.Count);
            group.Add(query.Metrics, row.Values, visitors);
        }

        if (query.Metrics.Any(m => m.Kind == MetricKind.Pageviews))
        {
            // Pageviews are the events named exactly "view": grouped by name as well, since the store
            // compares names without case.
            var byName = new AggregateQuery(scan, [.. keys, new FieldGroupKey(FieldNames.Name)], [AggregateSpec.Count()]);
            foreach (var row in store.Aggregate(byName, cancellationToken).Rows)
            {
                if (row.Keys[^1] is { Kind: FieldKind.String } name && name.AsString == StatsNames.Pageview)
                {
                    var labels = Labels(query.Dimensions, row.Keys, labelers);
                    string key = string.Join('\u001f', labels);
                    if (!groups.TryGetValue(key, out var group))
                    {
                        group = groups[key] = new AggregateGroup(labels, query.Metrics.Count); // an event that arrived between the two passes
                    }

                    group.Pageviews += row.Values[0].AsLong;
                }
            }
        }

        return groups;
    }

    /// <summary>Hours or days; weeks and months are summed from days.</summary>
    private static TimeBucketKey TimeKey(Dimension dimension, TimeZoneInfo zone) =>
        new(dimension.Bucket == TimeBucket.Hour ? 3600 * UnixTime.MicrosecondsPerSecond : UnixTime.MicrosecondsPerDay, zone);

    private static string[] Labels(IReadOnlyList<Dimension> dimensions, FieldValue[] keys, TimeLabelers labelers)
    {
        var labels = new string[dimensions.Count];
        int k = 0;
        for (int d = 0; d < dimensions.Count; d++)
        {
            var dimension = dimensions[d];
            if (dimension.IsTime)
            {
                labels[d] = labelers.For(dimension.Bucket).Label(keys[k++].AsLong * UnixTime.MicrosecondsPerMillisecond);
            }
            else if (AggregateEligibility.FieldsOf(dimension).Count == 2)
            {
                labels[d] = KeyLabels.OfReferrer(keys[k], keys[k + 1]);
                k += 2;
            }
            else
            {
                labels[d] = KeyLabels.Of(dimension, keys[k++]);
            }
        }

        return labels;
    }

    private long DistinctVisitors(ScanQuery scan, CancellationToken cancellationToken) =>
        store.Aggregate(new AggregateQuery(scan, [], [new AggregateSpec(AggregateKind.CountDistinct, WebFields.Visitor)]), cancellationToken).Rows is [var row] ? row.Values[0].AsLong : 0;

    private long Count(ScanQuery scan, CancellationToken cancellationToken) =>
        store.Aggregate(new AggregateQuery(scan, [], [AggregateSpec.Count()]), cancellationToken).Rows is [var row] ? row.Values[0].AsLong : 0;
}
