using Metronome.Core.Events;
using Metronome.Ingest.Web;
using Metronome.Server.Stats.Execution;
using Metronome.Server.Stats.Query;
using Metronome.Storage;

namespace Metronome.Server.Stats.Columnar;

/// <summary>
/// Answers any stats query from a <see cref="HitTable"/> (the store's projected scan of only the fields
/// the query reads) with the scan path's semantics: hits grouped by the dimensions' label ids, filters
/// decided per label, and distinct visitors and visits counted by watching the visitor and visit ids
/// change while going through the hits visitor by visitor (and visit by visit).
/// </summary>
public sealed class ColumnarStatsRunner(IEventStore store)
{
    public List<StatsRow> Run(StatsQuery query, StatsPeriod period, string app, TimeLabelers labelers, CancellationToken cancellationToken)
    {
        var withoutGoals = query.Metrics.Any(m => m.Kind == MetricKind.ConversionRate) ? StatsExecutor.WithoutGoals(query.Filter) : null;
        var read = query.Dimensions.Concat(HitFilter.DimensionsOf(query.Filter)).ToList();
        bool visits = query.Metrics.Any(m => m.IsSessionMetric) || read.Any(DimensionLabels.NeedsVisits);
        var properties = query.Metrics.Select(m => m.Property).ToArray();
        var fields = read.SelectMany(DimensionLabels.FieldsOf).ToList();
        bool pageviews = query.Metrics.Any(m => m.Kind == MetricKind.Pageviews);
        if (pageviews)
        {
            fields.Add(FieldNames.Name);
        }
        if (properties.Any(p => p is not null))
        {
            fields.AddRange(properties.OfType<string>());
            fields.Add(WebFields.Currency);
        }

        var hits = HitTableLoader.Load(store, app, period.FromUs, period.ToUs, fields, visits, cancellationToken);
        var cache = new Dictionary<string, DimensionLabels>(StringComparer.Ordinal);
        DimensionLabels LabelsOf(Dimension dimension) =>
            cache.TryGetValue(dimension.Name, out var labels) ? labels : cache[dimension.Name] = DimensionLabels.For(dimension, hits, labelers);

        var mask = HitFilter.Mask(query.Filter, hits, LabelsOf);
        var groups = new HitGroups(hits, [.. query.Dimensions.Select(LabelsOf)]);
        var sums = new PropertySums(hits, properties);
        var counts = groups.Count(mask, pageviews, visits, sums);

        var totals = new Totals();
        if (query.Metrics.Any(m => m.Kind == MetricKind.Percentage))
        {
            totals.Visitors = hits.DistinctVisitors(mask);
        }

        if (query.Metrics.Any(m => m.Kind == MetricKind.ConversionRate))
        {
            totals.VisitorsWithoutGoals = hits.DistinctVisitors(HitFilter.Mask(withoutGoals, hits, LabelsOf));
        }

        var rows = new List<StatsRow>(counts.Count);
        foreach (var (labels, group) in counts)
        {
            rows.Add(new StatsRow(labels, [.. query.Metrics.Select((m, i) => MetricCalculator.Compute(m, i, group, totals))]));
        }

        // A query without dimensions always answers one row, zeros included.
        if (query.Dimensions.Count == 0 && rows.Count == 0)
        {
            var empty = new GroupCounts(0, 0, 0, 0, 0, 0, 0, new double[properties.Length], new long[properties.Length], null);
            rows.Add(new StatsRow([], [.. query.Metrics.Select((m, i) => MetricCalculator.Compute(m, i, empty, totals))]));
        }

        return rows;
    }

    /// <summary>Per sum or average metric, the number each hit carries in the property (none for text,
    /// as the scan reads it), and the currency strings that come with them.</summary>
    private sealed class PropertySums
    {
        public PropertySums(HitTable hits, string?[] properties)
        {
            Properties = properties.Length;
            Ids = new int[properties.Length][];
            Numbers = new double[properties.Length][];
            HasNumber = new bool[properties.Length][];
            for (int p = 0; p < properties.Length; p++)
            {
                if (properties[p] is not { } property)
                {
                    continue;
                }

                Ids[p] = hits.Ids(property);
                var interner = hits.Interner(property);
                var numbers = Numbers[p] = new double[interner.Count];
                var hasNumber = HasNumber[p] = new bool[interner.Count];
                for (int id = 1; id < interner.Count; id++)
                {
                    hasNumber[id] = interner.ValueOf(id).TryGetNumber(out numbers[id]);
                }

                if (Currencies is null)
                {
                    var currencies = hits.Interner(WebFields.Currency);
                    CurrencyIds = hits.Ids(WebFields.Currency);
                    Currencies = [.. Enumerable.Range(0, currencies.Count).Select(id => currencies.ValueOf(id) is { Kind: FieldKind.String } c ? c.AsString : null)];
                }
            }
        }

        public int Properties { get; }

        public int[]?[] Ids { get; }

        public double[]?[] Numbers { get; }

        public bool[]?[] HasNumber { get; }

        public int[]? CurrencyIds { get; private set; }

        public string?[]? Currencies { get; private set; }
    }

    /// <summary>Hits grouped by the label ids of the dimensions, and what each group counts.</summary>
    private sealed class HitGroups(HitTable hits, DimensionLabels[] dimensions)
    {
        private readonly Dictionary<long, int> _groupOf = [];
        private readonly List<long> _keys = [];

        public List<(string[] Labels, GroupCounts Counts)> Count(bool[]? mask, bool countPageviews, bool visits, PropertySums sums)
        {
            var radix = Radix();
            int capacity = dimensions.Length == 1 ? dimensions[0].Labels.Count : 16;
            var events = new long[capacity];
            var pageviews = new long[capacity];
            var visitors = new long[capacity];
            var lastVisitor = Filled(capacity, -1);
            var visitCounts = new long[capacity];
            var lastVisit = Filled(capacity, -1);
            var visitPageviews = new long[capacity];
            var bounces = new long[capacity];
            var durations = new long[capacity];
            var propertySums = new double[sums.Properties][];
            var propertyCounts = new long[sums.Properties][];
            var currencies = new List<HashSet<string>?>();
            for (int p = 0; p < sums.Properties; p++)
            {
                propertySums[p] = new double[capacity];
                propertyCounts[p] = new long[capacity];
            }

            int groupCount = dimensions.Length == 1 ? capacity : 0;
            var seen = new bool[capacity];
            var hitVisitors = hits.Visitors;
            var visitOf = hits.Visits?.VisitOf;
            var isPageview = countPageviews ? hits.IsPageview : null;
            var groupOfHit = hits.VisitorOrder is null ? null : new int[hits.Count];
            for (int i = 0; i < hits.Count; i++)
            {
                if (mask is not null && !mask[i])
                {
                    if (groupOfHit is not null)
                    {
                        groupOfHit[i] = -1;
                    }

                    continue;
                }

                int g = GroupOf(i, radix, ref groupCount);
                if (g >= events.Length)
                {
                    int size = Math.Max(g + 1, events.Length * 2);
                    Array.Resize(ref events, size);
                    Array.Resize(ref pageviews, size);
                    Array.Resize(ref visitors, size);
                    lastVisitor = Grown(lastVisitor, size);
                    Array.Resize(ref visitCounts, size);
                    lastVisit = Grown(lastVisit, size);
                    Array.Resize(ref visitPageviews, size);
                    Array.Resize(ref bounces, size);
                    Array.Resize(ref durations, size);
                    Array.Resize(ref seen, size);
                    for (int p = 0; p < sums.Properties; p++)
                    {
                        Array.Resize(ref propertySums[p], size);
                        Array.Resize(ref propertyCounts[p], size);
                    }
                }

                seen[g] = true;
                events[g]++;
                if (isPageview is not null && isPageview[i])
                {
                    pageviews[g]++;
                }

                if (groupOfHit is not null)
                {
                    groupOfHit[i] = g;
                }
                else if (hitVisitors[i] != lastVisitor[g])
                {
                    visitors[g]++;
                    lastVisitor[g] = hitVisitors[i];
                }

                if (visits && visitOf![i] != lastVisit[g])
                {
                    int visit = visitOf[i];
                    lastVisit[g] = visit;
                    visitCounts[g]++;
                    visitPageviews[g] += hits.Visits!.Pageviews[visit];
                    bounces[g] += hits.Visits.Pageviews[visit] == 1 ? 1 : 0;
                    durations[g] += hits.Visits.DurationUs[visit];
                }

                for (int p = 0; p < sums.Properties; p++)
                {
                    if (sums.Ids[p] is { } ids && sums.HasNumber[p]![ids[i]])
                    {
                        propertySums[p][g] += sums.Numbers[p]![ids[i]];
                        propertyCounts[p][g]++;
                        if (sums.Currencies![sums.CurrencyIds![i]] is { } currency)
                        {
                            while (currencies.Count <= g)
                            {
                                currencies.Add(null);
                            }

                            (currencies[g] ??= new HashSet<string>(StringComparer.Ordinal)).Add(currency);
                        }
                    }
                }
            }

            if (groupOfHit is not null)
            {
                CountVisitors(groupOfHit, visitors, lastVisitor);
            }

            var result = new List<(string[], GroupCounts)>();
            for (int g = 0; g < groupCount; g++)
            {
                if (!seen[g])
                {
                    continue;
                }

                var set = g < currencies.Count ? currencies[g] : null;
                result.Add((LabelsOf(g, radix), new GroupCounts(
                    visitors[g], visitCounts[g], pageviews[g], events[g], visitPageviews[g], bounces[g], durations[g],
                    [.. propertySums.Select(s => s[g])], [.. propertyCounts.Select(c => c[g])], set is { Count: 1 } ? set.First() : null)));
            }

            return result;
        }

        /// <summary>Distinct visitors per group, going through the hits visitor by visitor.</summary>
        private void CountVisitors(int[] groupOfHit, long[] visitors, int[] lastVisitor)
        {
            var order = hits.VisitorOrder!;
            var starts = hits.VisitorStarts;
            for (int v = 1; v + 1 < starts.Length; v++)
            {
                for (int k = starts[v]; k < starts[v + 1]; k++)
                {
                    int g = groupOfHit[order[k]];
                    if (g >= 0 && lastVisitor[g] != v)
                    {
                        visitors[g]++;
                        lastVisitor[g] = v;
                    }
                }
            }
        }

        /// <summary>The mixed-radix weights of the dimensions' label ids in a group key.</summary>
        private long[] Radix()
        {
            var radix = new long[dimensions.Length];
            long weight = 1;
            for (int d = 0; d < dimensions.Length; d++)
            {
                radix[d] = weight;
                weight = checked(weight * Math.Max(1, dimensions[d].Labels.Count));
            }

            return radix;
        }

        private int GroupOf(int hit, long[] radix, ref int groupCount)
        {
            switch (dimensions.Length)
            {
                case 0:
                    groupCount = 1;
                    return 0;
                case 1:
                    return dimensions[0].OfHit[hit];
            }

            long key = 0;
            for (int d = 0; d < dimensions.Length; d++)
            {
                key += dimensions[d].OfHit[hit] * radix[d];
            }

            if (!_groupOf.TryGetValue(key, out int group))
            {
                group = _groupOf[key] = groupCount++;
                _keys.Add(key);
            }

            return group;
        }

        private string[] LabelsOf(int group, long[] radix)
        {
            var labels = new string[dimensions.Length];
            if (dimensions.Length == 1)
            {
                labels[0] = dimensions[0].Labels[group];
            }
            else if (dimensions.Length > 1)
            {
                long key = _keys[group];
                for (int d = dimensions.Length - 1; d >= 0; d--)
                {
                    labels[d] = dimensions[d].Labels[(int)(key / radix[d])];
                    key %= radix[d];
                }
            }

            return labels;
        }

        private static int[] Filled(int length, int value)
        {
            var array = new int[length];
            Array.Fill(array, value);
            return array;
        }

        private static int[] Grown(int[] array, int size)
        {
            int old = array.Length;
            Array.Resize(ref array, size);
            Array.Fill(array, -1, old, size - old);
            return array;
        }
    }
}
