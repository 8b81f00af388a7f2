using Metronome.Core.Events;
using Metronome.Core.Time;
using Metronome.Storage.Aggregation;
using Metronome.Storage.Io;
using Metronome.Storage.Scanning;
using Metronome.Storage.Tests.Segments;
using Metronome.Storage.Tests.Support;

namespace Metronome.Storage.Tests.Aggregation;

/// <summary>Property test: for random events stored partly in segments and partly in the tail, the
/// store's scans and aggregates equal a naive computation over the same events, on one thread or
/// several.</summary>
public class StoreMatchesReferenceTests
{
    private const int Seed = 20_251_102;

    [Theory]
    [InlineData(1)]
    [InlineData(3)]
    public async Task Random_aggregates_over_segments_and_tail_equal_a_naive_computation(int threads)
    {
        var random = new Random(Seed);
        var events = RandomEvents.Generate(random, 4_000);
        await using var store = await Load(events, Threads(threads));
        Assert.True(store.GetStatistics().Partitions.Count > 0 && store.GetStatistics().TailEvents > 0);

        for (int q = 0; q < 400; q++)
        {
            var query = RandomQueries.Generate(random);
            AssertMatchesNaive(events, query, store.Aggregate(query), $"query {q}: {Describe(query)}");
        }
    }

    [Fact]
    public async Task Random_aggregates_over_segments_of_several_blocks_equal_a_naive_computation()
    {
        // One app and one UTC day (New York leaves daylight saving time in it): one partition whose
        // segments hold several 65,536-row blocks, with runs of names and sparse columns across blocks.
        var random = new Random(Seed + 3);
        long dayStart = RandomEvents.StartUs + UnixTime.MicrosecondsPerDay;
        var events = RandomEvents.Generate(random, 90_000)
            .Select(e => new Event("shop", e.Name, dayStart + Math.Abs(e.TimeUs % UnixTime.MicrosecondsPerDay), e.ReceiptTimeUs, e.Fields))
            .ToList();
        await using var store = TestStores.Open(new MemoryFileSystem(), Threads(2));
        await store.AppendAsync(events[..80_000]);
        store.RunMaintenance(force: true);
        await store.AppendAsync(events[80_000..]);
        Assert.Equal(80_000, store.GetStatistics().Partitions.Sum(p => p.Events));

        for (int q = 0; q < 40; q++)
        {
            var query = RandomQueries.Generate(random);
            query = query with { Scan = query.Scan with { App = "shop" } };
            AssertMatchesNaive(events, query, store.Aggregate(query), $"query {q}: {Describe(query)}");
        }
    }

    [Fact]
    public async Task Several_threads_give_the_groups_of_one_thread_in_the_same_order()
    {
        var events = RandomEvents.Generate(new Random(Seed + 4), 4_000);
        await using var one = await Load(events, Threads(1));
        await using var several = await Load(events, Threads(4));
        var random = new Random(Seed + 5);

        for (int q = 0; q < 100; q++)
        {
            var query = RandomQueries.Generate(random);
            var expected = one.Aggregate(query).Rows;
            var actual = several.Aggregate(query).Rows;
            Assert.Equal(expected.Select(r => NaiveAggregation.KeyText(r.Keys)), actual.Select(r => NaiveAggregation.KeyText(r.Keys)));
        }
    }

    [Fact]
    public async Task Random_scans_return_exactly_the_matching_events()
    {
        var random = new Random(Seed + 1);
        var events = RandomEvents.Generate(random, 3_000);
        await using var store = await Load(events);

        for (int q = 0; q < 200; q++)
        {
            var scan = RandomQueries.Generate(random).Scan;
            var expected = SegmentFiles.Signatures(NaiveAggregation.Matching(events, scan));
            var actual = SegmentFiles.Signatures(store.Scan(scan));
            Assert.True(expected.SequenceEqual(actual), $"scan {q}: {actual.Count} events, expected {expected.Count}: {Describe(scan)}");
        }
    }

    [Fact]
    public async Task More_groups_than_allowed_fail_in_segments_and_in_the_tail()
    {
        var events = RandomEvents.Generate(new Random(Seed + 2), 1_000).Select(e => new Event("shop", e.Name, e.TimeUs, e.ReceiptTimeUs, e.Fields)).ToList();
        var query = new AggregateQuery(new ScanQuery { App = "shop" }, [new FieldGroupKey("path")], [AggregateSpec.Count()]) { MaxGroups = 50 };
        await using var store = TestStores.Open(new MemoryFileSystem());
        await store.AppendAsync(events);

        Assert.Throws<TooManyGroupsException>(() => store.Aggregate(query));
        store.RunMaintenance(force: true);
        Assert.Throws<TooManyGroupsException>(() => store.Aggregate(query));

        int groups = events.Select(e => e.Get("path")).Distinct().Count();
        Assert.Equal(groups, store.Aggregate(query with { MaxGroups = groups }).Rows.Count);
    }

    [Theory]
    [MemberData(nameof(Devices.Both), MemberType = typeof(Devices))]
    public async Task Events_are_queryable_as_soon_as_their_append_is_acknowledged(DeviceKind kind)
    {
        using var device = TestDevice.Create(kind);
        await using var store = TestStores.Open(device.FileSystem);
        var count = new AggregateQuery(new ScanQuery { App = "shop" }, [new FieldGroupKey("path")], [AggregateSpec.Count()]);

        for (int round = 1; round <= 3; round++)
        {
            await store.AppendAsync(TestEvents.Range(round * 100, 14));

            Assert.Equal(14 * round, store.Aggregate(count).Rows.Sum(r => r.Values[0].AsLong));
            Assert.Equal(14 * round, store.Scan(new ScanQuery { App = "shop" }).Count());
        }
    }

    private static StoreOptions Threads(int threads) => TestStores.Options() with { QueryThreads = threads, MinRowsPerQueryPartition = 1 };

    private static void AssertMatchesNaive(List<Event> events, AggregateQuery query, AggregateResult actual, string context)
    {
        var expected = NaiveAggregation.Aggregate(events, query);
        Assert.True(actual.Rows.Count == expected.Count, $"{context}: {actual.Rows.Count} groups, expected {expected.Count}");
        Assert.Equal(NaiveAggregation.Matching(events, query.Scan).LongCount(), actual.Matched);
        foreach (var row in actual.Rows)
        {
            string key = NaiveAggregation.KeyText(row.Keys);
            Assert.True(expected.TryGetValue(key, out var want), $"{context}: unexpected group {key}");
            AssertValues(query, want!, row.Values, $"{context}, group {key}");
        }
    }

    private static async Task<EventStore> Load(List<Event> events, StoreOptions? options = null)
    {
        var store = TestStores.Open(new MemoryFileSystem(), options);
        for (int i = 0; i < events.Count; i += 100)
        {
            await store.AppendAsync(events.Skip(i).Take(100).ToList());
            if (i % 1_000 == 900 && i < events.Count - 1_000)
            {
                store.RunMaintenance(force: true);
            }
        }

        return store;
    }

    private static void AssertValues(AggregateQuery query, FieldValue[] expected, FieldValue[] actual, string context)
    {
        Assert.True(expected.Length == actual.Length, context);
        int at = 0;
        foreach (var spec in query.Aggregates)
        {
            for (int i = 0; i < spec.OutputWidth; i++, at++)
            {
                var (want, got) = (expected[at], actual[at]);
                string where = $"{context}: {spec.Kind}({spec.Field}) output {i}: expected {want} ({want.Kind}), got {got} ({got.Kind})";
                switch (spec.Kind)
                {
                    case AggregateKind.ApproxCountDistinct:
                        Assert.True(got.TryGetNumber(out double estimate) && Math.Abs(estimate - want.AsLong) <= Math.Max(2, want.AsLong * 0.03), where);
                        break;
                    case AggregateKind.ApproxQuantiles:
                        Assert.True(want.IsNull == got.IsNull, where);
                        break;
                    case AggregateKind.Count or AggregateKind.CountDistinct:
                        Assert.True(want == got, where);
                        break;
                    default:
                        Assert.True(want.IsNull ? got.IsNull : got.TryGetNumber(out double x) && Close(want.AsDouble, x), where);
                        break;
                }
            }
        }
    }

    private static bool Close(double want, double got) =>
        want.Equals(got) || Math.Abs(want - got) <= 1e-9 * Math.Max(1, Math.Max(Math.Abs(want), Math.Abs(got)));

    private static string Describe(AggregateQuery query) =>
        $"{Describe(query.Scan)} by [{string.Join(", ", query.GroupBy.Select(g => g is TimeBucketKey t ? $"bucket {t.WidthUs / 1_000_000}s {t.Zone.Id}" : g.OutputName))}]"
        + $" -> [{string.Join(", ", query.Aggregates.Select(a => $"{a.Kind}({a.Field})"))}]";

    private static string Describe(ScanQuery scan) =>
        $"{scan.App} [{scan.FromUs}, {scan.ToUs}) where {string.Join(" and ", scan.Filters.Select(f => $"{f.Field} {f.Op} ({string.Join(", ", f.Values)})"))} terms [{string.Join(" ", scan.Terms)}]";
}
