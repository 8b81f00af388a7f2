using System.Diagnostics;
using Metronome.Core.Events;
using Metronome.Query.Execution;
using Metronome.Query.Sources;
using Metronome.Storage;
using Metronome.Storage.Aggregation;
using Metronome.Storage.Scanning;

namespace Metronome.QueryBench;

/// <summary>Q1–Q7 of the store benchmark as pipeline queries through the engine (with the store
/// answering aggregations it can) against the store's own Aggregate for the same question.</summary>
internal static class PipelineVsStore
{
    private const long DayUs = 86_400_000_000;

    private sealed record Case(string Id, string[] Queries, DateTimeOffset From, DateTimeOffset To, Func<EventStore, long> Store);

    public static void Run(EventStore store, int runs)
    {
        var from = StoreWorkload.Start;
        var to = from.AddDays(30);
        var day = StoreWorkload.Day;
        var source = new StoreEventSource(store);
        Case[] cases =
        [
            new("Q1", ["* | timeslice 1d | count by _timeslice | sort by _timeslice asc"], from, to,
                s => Aggregate(s, Scan(from, to), [new TimeBucketKey(DayUs, TimeZoneInfo.Utc)], [AggregateSpec.Count()])),
            new("Q2", ["name=view | count by path | sort by _count desc, path asc | limit 10"], from, to,
                s => Aggregate(s, Scan(from, to, FieldFilter.Equal("name", "view")), [new FieldGroupKey("path")], [AggregateSpec.Count()])),
            new("Q3", ["_sourcecategory=web | timeslice 1d | count_distinct(visitor) as visitors by _timeslice | sort by _timeslice asc"], from, to,
                s => Aggregate(s, Scan(from, to, FieldFilter.Equal("_sourcecategory", "web")), [new TimeBucketKey(DayUs, TimeZoneInfo.Utc)], [new AggregateSpec(AggregateKind.CountDistinct, "visitor")])),
            new("Q4", ["name=router | timeslice 1h | pct(service_ms, 50, 95, 99) by _timeslice, dyno | sort by _timeslice asc, dyno asc"], from, to,
                s => Aggregate(s, Scan(from, to, FieldFilter.Equal("name", "router")), [new TimeBucketKey(DayUs / 24, TimeZoneInfo.Utc), new FieldGroupKey("dyno")], [new AggregateSpec(AggregateKind.Quantiles, "service_ms", [0.5, 0.95, 0.99])])),
            new("Q5", ["name=router (status=500 OR status=503) | timeslice 5m | count by _timeslice, status | sort by _timeslice asc, status asc"], day, day.AddDays(1),
                s => Aggregate(s, Scan(day, day.AddDays(1), FieldFilter.Equal("name", "router"), FieldFilter.Between("status", 500, 600)), [new TimeBucketKey(300_000_000, TimeZoneInfo.Utc), new FieldGroupKey("status")], [AggregateSpec.Count()])),
            new("Q6", [
                    $"name=view id={StoreWorkload.Item} | timeslice 1d | count by _timeslice",
                    $"name=download id={StoreWorkload.Item} | count by format | sort by _count",
                    $"id={StoreWorkload.Item} | count by referrer | where !isNull(referrer) | sort by _count desc, referrer asc | limit 10"], from, to,
                s => Aggregate(s, Scan(from, to, FieldFilter.Equal("name", "view"), FieldFilter.Equal("id", StoreWorkload.Item)), [new TimeBucketKey(DayUs, TimeZoneInfo.Utc)], [AggregateSpec.Count()])
                    + Aggregate(s, Scan(from, to, FieldFilter.Equal("name", "download"), FieldFilter.Equal("id", StoreWorkload.Item)), [new FieldGroupKey("format")], [AggregateSpec.Count()])
                    + Aggregate(s, Scan(from, to, FieldFilter.Equal("id", StoreWorkload.Item), FieldFilter.Present("referrer")), [new FieldGroupKey("referrer")], [AggregateSpec.Count()])),
            new("Q7", [$"* | where path matches /(?i)\\b{StoreWorkload.Word}\\b/ | count"], from, to,
                s => Aggregate(s, Scan(from, to, FieldFilter.Contains("path", StoreWorkload.Word)), [], [AggregateSpec.Count()])),
            // Not Q1-Q7 themselves: the leading-where spelling of Q2, and Sumo's substring form of Q7
            // (case-sensitive, not whole-token: a different question, against the store's regex filter).
            new("Q2 as where", ["* | where name = \"view\" | count by path | sort by _count desc, path asc | limit 10"], from, to,
                s => Aggregate(s, Scan(from, to, FieldFilter.Equal("name", "view")), [new FieldGroupKey("path")], [AggregateSpec.Count()])),
            new("Q7 contains()", [$"* | where contains(path, \"{StoreWorkload.Word}\") | count"], from, to,
                s => Aggregate(s, Scan(from, to, FieldFilter.MatchesRegex("path", StoreWorkload.Word)), [], [AggregateSpec.Count()])),
        ];

        Console.WriteLine("| query | store ms | pipeline ms | ratio | store answered |");
        Console.WriteLine("|---|---:|---:|---:|---|");
        foreach (var c in cases)
        {
            var storeMs = Median(runs, () => c.Store(store));
            var pushed = true;
            var pipelineMs = Median(runs, () =>
            {
                foreach (var q in c.Queries)
                {
                    var request = new QueryRequest { Query = q, App = StoreWorkload.App, From = c.From, To = c.To };
                    var plan = QueryEngine.Plan(request);
                    pushed &= plan.AggregatePushdown is not null && plan.Steps.Count >= 0;
                    QueryEngine.ExecuteAsync(plan, request, source).GetAwaiter().GetResult();
                }

                return 0;
            });
            Console.WriteLine($"| {c.Id} | {storeMs:F1} | {pipelineMs:F1} | {pipelineMs / storeMs:F2}x | {(pushed ? "yes" : "no (engine)")} |");
        }
    }

    private static ScanQuery Scan(DateTimeOffset from, DateTimeOffset to, params FieldFilter[] filters) => new()
    {
        App = StoreWorkload.App,
        FromUs = from.ToUnixTimeMilliseconds() * 1000,
        ToUs = to.ToUnixTimeMilliseconds() * 1000,
        Filters = filters,
    };

    private static long Aggregate(EventStore store, ScanQuery scan, GroupKey[] keys, AggregateSpec[] aggregates) =>
        store.Aggregate(new AggregateQuery(scan, keys, aggregates)).Rows.Count;

    private static double Median(int runs, Func<long> action)
    {
        action();
        var times = new List<double>();
        for (var r = 0; r < runs; r++)
        {
            var watch = Stopwatch.StartNew();
            action();
            times.Add(watch.Elapsed.TotalMilliseconds);
        }

        return times.Order().ElementAt(times.Count / 2);
    }
}
