using Metronome.Ingest.Web;
using Metronome.Server.Stats.Columnar;
using Metronome.Server.Stats.Pushdown;
using Metronome.Server.Stats.Query;
using Metronome.Storage;

namespace Metronome.Server.Stats.Execution;

/// <summary>
/// Answers a <see cref="StatsQuery"/> from the store: from the columns of the period's web events
/// (<see cref="ColumnarStatsRunner"/>), or through the store's aggregation when it gives the same answer
/// and <see cref="PathChoice"/> expects it to be cheaper (<see cref="AggregateStatsRunner"/>). The scan path
/// loads the events themselves, cuts them into visits, groups the hits that pass the filters and computes
/// the metrics: the reference the others are tested against. Then it orders, pages and, when asked,
/// compares with another period. Knows nothing about HTTP.
/// </summary>
public sealed class StatsExecutor(IEventStore store, StatsPath path = StatsPath.Auto)
{
    /// <summary>How the last period was answered (tests and benchmarks check it).</summary>
    public StatsPath LastPath { get; private set; }

    public StatsResult Execute(StatsQuery query, string app, CancellationToken cancellationToken = default)
    {
        var (rows, labelers) = Run(query, query.Period, app, cancellationToken);
        rows.Sort(new RowOrder(query));
        int total = rows.Count;
        var page = rows.Skip(query.Offset).Take(query.Limit).ToList();
        if (query.Include.Comparison is { } mode)
        {
            page = Compare(query, mode, page, app, cancellationToken);
        }

        var time = query.Dimensions.FirstOrDefault(d => d.IsTime);
        var labels = query.Include.TimeLabels && time is not null
            ? labelers.For(time.Bucket).AllLabels(query.Period.FromUs, query.Period.ToUs)
            : null;
        return new StatsResult(query, page, total, labels);
    }

    private (List<StatsRow> Rows, TimeLabelers Labelers) Run(StatsQuery query, StatsPeriod period, string app, CancellationToken cancellationToken)
    {
        var labelers = new TimeLabelers(period.Zone);
        if (path == StatsPath.Aggregate || (path == StatsPath.Auto && PathChoice.TriesAggregateFirst(store, query, app, period)))
        {
            if (new AggregateStatsRunner(store).TryRun(query, period, app, labelers, cancellationToken) is { } aggregated)
            {
                LastPath = StatsPath.Aggregate;
                return (aggregated, labelers);
            }

            if (path == StatsPath.Aggregate)
            {
                throw new InvalidOperationException("the store's aggregation cannot answer this query exactly: " + (AggregateEligibility.WhyNot(query) ?? "the data rules it out"));
            }
        }

        if (path != StatsPath.Scan)
        {
            LastPath = StatsPath.Columnar;
            return (new ColumnarStatsRunner(store).Run(query, period, app, labelers, cancellationToken), labelers);
        }

        LastPath = StatsPath.Scan;
        var dataset = StatsDataset.Load(store, app, period.FromUs, period.ToUs, cancellationToken);
        var reader = new DimensionReader(dataset, period.Zone);
        var evaluator = new FilterEvaluator(reader);
        var groups = Group(query, query.Filter, query.Dimensions, reader, evaluator);

        var totals = new Totals();
        if (query.Metrics.Any(m => m.Kind == MetricKind.Percentage))
        {
            totals.Visitors = Group(query, query.Filter, [], reader, evaluator).Values.FirstOrDefault()?.Visitors?.Count ?? 0;
        }

        if (query.Metrics.Any(m => m.Kind == MetricKind.ConversionRate))
        {
            totals.VisitorsWithoutGoals = Group(query, WithoutGoals(query.Filter), [], reader, evaluator).Values.FirstOrDefault()?.Visitors?.Count ?? 0;
        }

        var rows = new List<StatsRow>(groups.Count);
        foreach (var group in groups.Values)
        {
            var counts = GroupCounts.Of(group, dataset);
            var values = new object?[query.Metrics.Count];
            for (int i = 0; i < values.Length; i++)
            {
                values[i] = MetricCalculator.Compute(query.Metrics[i], i, counts, totals);
            }

            rows.Add(new StatsRow(group.Dimensions, values));
        }

        // A query without dimensions always answers one row, zeros included.
        if (query.Dimensions.Count == 0 && rows.Count == 0)
        {
            var empty = new GroupStats([], countVisitors: true, countSessions: true, query.Metrics.Count);
            var counts = GroupCounts.Of(empty, dataset);
            rows.Add(new StatsRow([], [.. query.Metrics.Select((m, i) => MetricCalculator.Compute(m, i, counts, totals))]));
        }

        return (rows, reader.Labelers);
    }

    private static Dictionary<string, GroupStats> Group(StatsQuery query, StatsFilter? filter, IReadOnlyList<Dimension> dimensions, DimensionReader reader, FilterEvaluator evaluator)
    {
        bool visitors = true;
        bool sessions = query.Metrics.Any(m => m.IsSessionMetric);
        var properties = query.Metrics.Select(m => m.Property).ToArray();
        var groups = new Dictionary<string, GroupStats>(StringComparer.Ordinal);
        var hits = reader.Dataset.Hits;
        var values = new string[dimensions.Count];
        for (int i = 0; i < hits.Length; i++)
        {
            if (filter is not null && !evaluator.Matches(filter, i))
            {
                continue;
            }

            for (int d = 0; d < values.Length; d++)
            {
                values[d] = reader.Read(dimensions[d], i);
            }

            string key = values.Length switch
            {
                0 => "",
                1 => values[0],
                _ => string.Join('\u001f', values),
            };
            if (!groups.TryGetValue(key, out var group))
            {
                group = new GroupStats([.. values], visitors, sessions, properties.Length);
                groups[key] = group;
            }

            ref readonly var hit = ref hits[i];
            group.Add(hit);
            for (int p = 0; p < properties.Length; p++)
            {
                if (properties[p] is { } property && hit.Event.Get(property).TryGetNumber(out double number))
                {
                    group.AddNumber(p, number);
                    if (hit.Event.Get(WebFields.Currency) is { Kind: Core.Events.FieldKind.String } currency)
                    {
                        group.Currencies.Add(currency.AsString);
                    }
                }
            }
        }

        return groups;
    }

    /// <summary>The divisor of conversion_rate: the same query without its top-level goal filters.</summary>
    internal static StatsFilter? WithoutGoals(StatsFilter? filter) => filter switch
    {
        SimpleFilter { Dimension.Kind: DimensionKind.Goal } => null,
        AndFilter and => and.Filters.Where(f => f is not SimpleFilter { Dimension.Kind: DimensionKind.Goal }).ToList() switch
        {
            [] => null,
            [var only] => only,
            var rest => new AndFilter(rest),
        },
        _ => filter,
    };

    private List<StatsRow> Compare(StatsQuery query, ComparisonMode mode, List<StatsRow> page, string app, CancellationToken cancellationToken)
    {
        var previous = query.Period.Shift(mode);
        var (rows, labelers) = Run(query, previous, app, cancellationToken);
        var byKey = rows.ToDictionary(r => string.Join('\u001f', r.Dimensions), StringComparer.Ordinal);
        long length = query.Period.ToUs - query.Period.FromUs;
        var result = new List<StatsRow>(page.Count);
        foreach (var row in page)
        {
            var dimensions = new string[row.Dimensions.Length];
            for (int d = 0; d < dimensions.Length; d++)
            {
                var dimension = query.Dimensions[d];
                dimensions[d] = dimension.IsTime ? labelers.For(dimension.Bucket).Shift(row.Dimensions[d], mode, length) : row.Dimensions[d];
            }

            var metrics = byKey.TryGetValue(string.Join('\u001f', dimensions), out var match)
                ? match.Metrics
                : [.. query.Metrics.Select(MetricCalculator.Zero)];
            var change = query.Metrics.Select((m, i) => MetricCalculator.Change(m, metrics[i], row.Metrics[i])).ToArray();
            result.Add(row with { Comparison = new StatsComparison(dimensions, metrics, change) });
        }

        return result;
    }

    /// <summary>The requested order, then the dimensions ascending so that ties come out the same way every time.</summary>
    private sealed class RowOrder : IComparer<StatsRow>
    {
        private readonly (bool IsMetric, int Index, bool Descending)[] _keys;

        public RowOrder(StatsQuery query)
        {
            var keys = new List<(bool, int, bool)>();
            foreach (var order in query.OrderBy)
            {
                int metric = query.Metrics.ToList().FindIndex(m => m.Name == order.Name);
                keys.Add(metric >= 0 ? (true, metric, order.Descending) : (false, query.Dimensions.ToList().FindIndex(d => d.Name == order.Name), order.Descending));
            }

            for (int d = 0; d < query.Dimensions.Count; d++)
            {
                keys.Add((false, d, false));
            }

            _keys = [.. keys];
        }

        public int Compare(StatsRow? x, StatsRow? y)
        {
            foreach (var (isMetric, index, descending) in _keys)
            {
                int c = isMetric
                    ? MetricCalculator.SortValue(x!.Metrics[index]).CompareTo(MetricCalculator.SortValue(y!.Metrics[index]))
                    : string.CompareOrdinal(x!.Dimensions[index], y!.Dimensions[index]);
                if (c != 0)
                {
                    return descending ? -c : c;
                }
            }

            return 0;
        }
    }
}

/// <summary>Query-wide divisors of percentage and conversion_rate.</summary>
public sealed class Totals
{
    public long Visitors { get; set; }

    public long VisitorsWithoutGoals { get; set; }
}
