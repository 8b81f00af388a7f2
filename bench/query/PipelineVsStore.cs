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
        var source = new CountingSource(new StoreEventSource(store));
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

        var answered = true;
        long Pipeline(Case c)
        {
            foreach (var q in c.Queries)
            {
                var request = new QueryRequest { Query = q, App = StoreWorkload.App, From = c.From, To = c.To };
                var plan = QueryEngine.Plan(request);
                var before = source.Answered;
                QueryEngine.ExecuteAsync(plan, request, source).GetAwaiter().GetResult();
                answered &= source.Answered > before;
            }

            return 0;
        }

        // Warm every case up before timing any, so that the first ones are not timed while the JIT is still
        // compiling the shared code (the store's and the engine's) of the later ones at a higher tier.
        foreach (var c in cases)
        {
            Repeat(() => c.Store(store));
            Repeat(() => Pipeline(c));
        }

        // CPU time (all threads) as well as wall time: on a busy machine a run's wall time includes waiting
        // for a core, which says nothing about either side's own cost.
        Console.WriteLine("| query | store ms | pipeline ms | ratio (median of paired runs) | CPU-time ratio (median of paired runs) | store answered |");
        Console.WriteLine("|---|---:|---:|---:|---:|---|");
        foreach (var c in cases)
        {
            answered = true;

            // Paired, interleaved runs: on a shared machine the load drifts, and a ratio of runs taken back
            // to back is steadier than a ratio of two medians taken minutes apart. Each pair is timed in
            // the order store, pipeline, pipeline, store, so that a steady drift in load cancels out.
            // Quick queries repeat within a run so that one run lasts a few milliseconds.
            var repeat = Repeat(() => c.Store(store));
            Repeat(() => Pipeline(c));
            var storeTimes = new List<double>();
            var pipelineTimes = new List<double>();
            var ratios = new List<double>();
            var cpuRatios = new List<double>();
            for (var r = 0; r < runs; r++)
            {
                var (storeMs, storeCpu) = Time(repeat, () => c.Store(store));
                var (pipelineMs, pipelineCpu) = Time(repeat, () => Pipeline(c));
                var (pipelineMs2, pipelineCpu2) = Time(repeat, () => Pipeline(c));
                var (storeMs2, storeCpu2) = Time(repeat, () => c.Store(store));
                storeTimes.Add((storeMs + storeMs2) / 2);
                pipelineTimes.Add((pipelineMs + pipelineMs2) / 2);
                ratios.Add((pipelineMs + pipelineMs2) / (storeMs + storeMs2));
                cpuRatios.Add((pipelineCpu + pipelineCpu2) / (storeCpu + storeCpu2));
            }

            Console.WriteLine($"| {c.Id} | {Median(storeTimes):F3} | {Median(pipelineTimes):F3} | {Median(ratios):F2}x | {Median(cpuRatios):F2}x | {(answered ? "yes" : "no (engine)")} |");
        }
    }

    /// <summary>Warms an action up (at least 3 runs and 300 ms) and returns how many runs make about 5 ms.</summary>
    private static int Repeat(Func<long> action)
    {
        var watch = Stopwatch.StartNew();
        var count = 0;
        while (count < 3 || watch.ElapsedMilliseconds < 300)
        {
            action();
            count++;
        }

        var each = watch.Elapsed.TotalMilliseconds / count;
        return (int)Math.Clamp(Math.Ceiling(5 / each), 1, 1000);
    }

    /// <summary>Wall and process CPU milliseconds per run, over <paramref name="repeat"/> runs.</summary>
    private static (double WallMs, double CpuMs) Time(int repeat, Func<long> action)
    {
        var cpu = Environment.CpuUsage.TotalTime;
        var watch = Stopwatch.StartNew();
        for (var i = 0; i < repeat; i++)
        {
            action();
        }

        return (watch.Elapsed.TotalMilliseconds / repeat, (Environment.CpuUsage.TotalTime - cpu).TotalMilliseconds / repeat);
    }

    private static double Median(List<double> values) => values.Order().ElementAt(values.Count / 2);

    private static ScanQuery Scan(DateTimeOffset from, DateTimeOffset to, params FieldFilter[] filters) => new()
    {
        App = StoreWorkload.App,
        FromUs = from.ToUnixTimeMilliseconds() * 1000,
        ToUs = to.ToUnixTimeMilliseconds() * 1000,
        Filters = filters,
    };

    private static long Aggregate(EventStore store, ScanQuery scan, GroupKey[] keys, AggregateSpec[] aggregates) =>
        store.Aggregate(new AggregateQuery(scan, keys, aggregates)).Rows.Count;

    /// <summary>The store's source, counting the aggregations the store answered itself.</summary>
    private sealed class CountingSource(StoreEventSource inner) : IEventSource, IAggregateSource
    {
        public int Answered { get; private set; }

        public SourceCapabilities Describe(ScanSpec spec) => inner.Describe(spec);

        public IAsyncEnumerable<EventBatch> ScanAsync(ScanSpec spec, CancellationToken cancellationToken) => inner.ScanAsync(spec, cancellationToken);

        public AggregateAnswer? TryAggregate(ScanSpec spec, AggregateRequest request, CancellationToken cancellationToken)
        {
            var answer = inner.TryAggregate(spec, request, cancellationToken);
            Answered += answer is null ? 0 : 1;
            return answer;
        }
    }
}
