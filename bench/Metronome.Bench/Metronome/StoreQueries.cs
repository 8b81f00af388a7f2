using Metronome.Bench.Harness;
using Metronome.Core.Events;
using Metronome.Storage;
using Metronome.Storage.Aggregation;
using Metronome.Storage.Scanning;

namespace Metronome.Bench.Metronome;

/// <summary>How Q4's exact quantiles are computed (see <see cref="StoreQueries"/>).</summary>
public enum QuantileMode
{
    /// <summary>The store's QuantilesNearestRank aggregate: the floor(l*n) element, as the contract says.</summary>
    Native,

    /// <summary>Count per (hour, dyno, service_ms) in the store, then the floor(l*n) element from that histogram
    /// (the workaround from before the store had a nearest-rank kind; same rows, more work).</summary>
    Histogram,
}

/// <summary>
/// Q1..Q7 through <see cref="EventStore.Aggregate"/>, one store call per result table (Q4 histogram mode:
/// one call, then ranks picked from the counts). Rows follow each query's Semantics contract.
/// </summary>
public sealed class StoreQueries(EventStore store, QuantileMode quantileMode)
{
    private const long DayUs = 86_400_000_000;
    private const long HourUs = 3_600_000_000;
    private const long FiveMinutesUs = 300_000_000;
    private static readonly double[] Levels = [0.5, 0.95, 0.99];

    public QueryResult Run(BenchQuery query, QueryParameters p) => query.Id switch
    {
        "Q1" => One(CountPerDay(Scan(p), "events")),
        "Q2" => One(Top(Scan(p, FieldFilter.Equal("name", "view")), "path", "views", 10)),
        "Q3" => One(PerDay(Scan(p, FieldFilter.Equal("_sourcecategory", "web")), new AggregateSpec(AggregateKind.CountDistinct, "visitor"), "visitors")),
        "Q3a" => One(PerDay(Scan(p, FieldFilter.Equal("_sourcecategory", "web")), new AggregateSpec(AggregateKind.ApproxCountDistinct, "visitor"), "visitors_approx")),
        "Q4" => One(quantileMode == QuantileMode.Histogram ? ServiceQuantilesFromHistogram(p) : ServiceQuantilesNative(p)),
        "Q5" => One(FiveXxPerBucket(p)),
        "Q6" => new QueryResult([
            CountPerDay(Scan(p, FieldFilter.Equal("name", "view"), FieldFilter.Equal("id", p.Item)), "views"),
            Top(Scan(p, FieldFilter.Equal("name", "download"), FieldFilter.Equal("id", p.Item)), "format", "downloads", int.MaxValue),
            Top(Scan(p, FieldFilter.Equal("id", p.Item), FieldFilter.Present("referrer")), "referrer", "events", 10)]),
        "Q7" => One(CountMatching(Scan(p, FieldFilter.Contains("path", p.Word)))),
        _ => throw new ArgumentOutOfRangeException(nameof(query), query.Id, "no Metronome form of this query"),
    };

    private static QueryResult One(ResultTable table) => new([table]);

    /// <summary>The app and the workload's 30 days, plus filters.</summary>
    private static ScanQuery Scan(QueryParameters p, params FieldFilter[] filters) => Scan(p, p.Start, p.End, filters);

    private static ScanQuery Scan(QueryParameters p, DateTimeOffset from, DateTimeOffset to, params FieldFilter[] filters) => new()
    {
        App = p.App,
        FromUs = from.ToUnixTimeMilliseconds() * 1000,
        ToUs = to.ToUnixTimeMilliseconds() * 1000,
        Filters = filters,
    };

    private static TimeBucketKey Buckets(long widthUs) => new(widthUs, TimeZoneInfo.Utc);

    private ResultTable CountPerDay(ScanQuery scan, string column) => PerDay(scan, AggregateSpec.Count(), column);

    private ResultTable PerDay(ScanQuery scan, AggregateSpec aggregate, string column)
    {
        var rows = store.Aggregate(new AggregateQuery(scan, [Buckets(DayUs)], [aggregate])).Rows;
        return new ResultTable(["day", column], rows
            .OrderBy(r => r.Keys[0].AsLong)
            .Select(r => new[] { Cells.Day(r.Keys[0]), Cells.Number(r.Values[0]) })
            .ToList());
    }

    /// <summary>Count per value of <paramref name="field"/>, largest first, ties by the value.</summary>
    private ResultTable Top(ScanQuery scan, string field, string column, int limit)
    {
        var rows = store.Aggregate(new AggregateQuery(scan, [new FieldGroupKey(field)], [AggregateSpec.Count()])).Rows;
        return new ResultTable([field, column], rows
            .Where(r => !r.Keys[0].IsNull)
            .OrderByDescending(r => r.Values[0].AsLong)
            .ThenBy(r => Cells.Text(r.Keys[0]), StringComparer.Ordinal)
            .Take(limit)
            .Select(r => new[] { Cells.Text(r.Keys[0]), Cells.Number(r.Values[0]) })
            .ToList());
    }

    private ResultTable FiveXxPerBucket(QueryParameters p)
    {
        var scan = Scan(p, p.DayStart, p.DayStart.AddDays(1), FieldFilter.Equal("name", "router"), FieldFilter.Between("status", 500, 600));
        var rows = store.Aggregate(new AggregateQuery(scan, [Buckets(FiveMinutesUs), new FieldGroupKey("status")], [AggregateSpec.Count()])).Rows;
        return new ResultTable(["bucket", "status", "events"], rows
            .OrderBy(r => r.Keys[0].AsLong)
            .ThenBy(r => Cells.SortNumber(r.Keys[1]))
            .Select(r => new[] { Cells.Bucket(r.Keys[0]), Cells.Number(r.Keys[1]), Cells.Number(r.Values[0]) })
            .ToList());
    }

    private ResultTable CountMatching(ScanQuery scan)
    {
        var rows = store.Aggregate(new AggregateQuery(scan, [], [AggregateSpec.Count()])).Rows;
        long count = rows.Count == 0 ? 0 : rows[0].Values[0].AsLong;
        return new ResultTable(["events"], [[Cells.Number(count)]]);
    }

    private static readonly string[] QuantileColumns = ["hour", "dyno", "p50", "p95", "p99"];

    private ResultTable ServiceQuantilesNative(QueryParameters p)
    {
        var query = new AggregateQuery(Scan(p, FieldFilter.Equal("name", "router")), [Buckets(HourUs), new FieldGroupKey("dyno")],
            [new AggregateSpec(AggregateKind.QuantilesNearestRank, "service_ms", Levels)]);
        return new ResultTable(QuantileColumns, store.Aggregate(query).Rows
            .OrderBy(r => r.Keys[0].AsLong)
            .ThenBy(r => Cells.Text(r.Keys[1]), StringComparer.Ordinal)
            .Select(r => new[] { Cells.Bucket(r.Keys[0]), Cells.Text(r.Keys[1]) }.Concat(r.Values.Select(Cells.Number)).ToArray())
            .ToList());
    }

    private ResultTable ServiceQuantilesFromHistogram(QueryParameters p)
    {
        // One group per distinct service_ms value in each (hour, dyno): about a million for the largest app.
        var query = new AggregateQuery(Scan(p, FieldFilter.Equal("name", "router")),
            [Buckets(HourUs), new FieldGroupKey("dyno"), new FieldGroupKey("service_ms")], [AggregateSpec.Count()])
        {
            MaxGroups = 50_000_000,
        };
        var histograms = new Dictionary<(long Hour, string Dyno), List<(double, long)>>();
        foreach (AggregateRow row in store.Aggregate(query).Rows)
        {
            if (!row.Keys[2].TryGetNumber(out double value))
                continue; // a router event without service_ms: not a value
            var key = (row.Keys[0].AsLong, Cells.Text(row.Keys[1]));
            if (!histograms.TryGetValue(key, out var histogram))
                histograms[key] = histogram = [];
            histogram.Add((value, row.Values[0].AsLong));
        }
        return new ResultTable(QuantileColumns, histograms
            .OrderBy(h => h.Key.Hour)
            .ThenBy(h => h.Key.Dyno, StringComparer.Ordinal)
            .Select(h => new[] { Cells.Bucket(FieldValue.From(h.Key.Hour)), h.Key.Dyno }
                .Concat(NearestRank.Quantiles(h.Value, Levels).Select(Cells.Number)).ToArray())
            .ToList());
    }
}
