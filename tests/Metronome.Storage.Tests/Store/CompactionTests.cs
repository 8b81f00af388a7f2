using Metronome.Core.Events;
using Metronome.Storage.Aggregation;
using Metronome.Storage.Scanning;
using Metronome.Storage.Tests.Segments;
using Metronome.Storage.Tests.Support;

namespace Metronome.Storage.Tests.Store;

public class CompactionTests
{
    [Theory]
    [MemberData(nameof(Devices.Both), MemberType = typeof(Devices))]
    public async Task A_partition_with_fan_in_segments_is_merged_into_one_with_the_same_events(DeviceKind kind)
    {
        using var device = TestDevice.Create(kind);
        await using (var store = TestStores.Open(device.FileSystem))
        {
            for (int round = 0; round < 3; round++)
            {
                await store.AppendAsync(Mixed(round * 100, 40));
                store.RunMaintenance(force: true);
            }

            await store.AppendAsync(TestEvents.Range(5_000, 5, "blog"));
            var before = SegmentFiles.Signatures(TestEvents.ReadAll(store, "shop", "blog"));
            Assert.Equal(3, Partition(store, "shop").Segments);

            await store.AppendAsync(Mixed(300, 40));
            store.RunMaintenance(force: true);

            Assert.Equal(1, Partition(store, "shop").Segments);
            Assert.Equal(160, Partition(store, "shop").Events);
            Assert.Equal(1, Partition(store, "blog").Segments);
            var expected = before.Concat(SegmentFiles.Signatures(Mixed(300, 40))).Order(StringComparer.Ordinal);
            Assert.Equal(expected, SegmentFiles.Signatures(TestEvents.ReadAll(store, "shop", "blog")));
            Assert.Equal(2, device.FileSystem.ListFiles(EventStore.SegmentDirectory, ".seg").Count);
            Assert.Empty(store.Verify());
        }

        await using var reopened = TestStores.Open(device.FileSystem);
        Assert.Equal(160 + 5, TestEvents.ReadAll(reopened, "shop", "blog").Count);
    }

    [Theory]
    [MemberData(nameof(Devices.Both), MemberType = typeof(Devices))]
    public async Task A_growing_partition_merges_segments_of_one_size_tier_and_leaves_its_big_one_alone(DeviceKind kind)
    {
        using var device = TestDevice.Create(kind);
        await using var store = TestStores.Open(device.FileSystem, TestStores.Options() with { SealEventCount = 10 });
        var segmentsAfterSeal = new List<int>();
        for (int round = 0; round < 16; round++)
        {
            await store.AppendAsync(Mixed(round * 60, 10));
            store.RunMaintenance(force: true);
            segmentsAfterSeal.Add(Partition(store, "shop").Segments);
        }

        // Four seals of 10 make one of 40; three more small ones wait beside it instead of rewriting it.
        Assert.Equal([1, 2, 3, 1, 2, 3, 4, 2, 3, 4, 5, 3, 4, 5, 6, 1], segmentsAfterSeal);
        Assert.Equal(160, Partition(store, "shop").Events);
        var expected = Enumerable.Range(0, 16).SelectMany(round => Mixed(round * 60, 10));
        Assert.Equal(SegmentFiles.Signatures(expected), SegmentFiles.Signatures(TestEvents.ReadAll(store, "shop")));
        Assert.Empty(store.Verify());
    }

    [Theory]
    [MemberData(nameof(Devices.Both), MemberType = typeof(Devices))]
    public async Task A_partition_still_being_sealed_into_waits_for_a_wider_fan_in_until_it_cools(DeviceKind kind)
    {
        using var device = TestDevice.Create(kind);
        var clock = new Metronome.Core.Time.ManualClock(DateTimeOffset.Parse("2025-11-02T00:00:00Z", System.Globalization.CultureInfo.InvariantCulture));
        var options = TestStores.Options() with { CompactionQuietPeriod = TimeSpan.FromSeconds(30), HotCompactionFanIn = 6 };
        await using var store = TestStores.Open(device.FileSystem, options, clock);
        for (int round = 0; round < 5; round++)
        {
            await store.AppendAsync(Mixed(round * 100, 10));
            store.RunMaintenance(force: true);
            clock.Advance(TimeSpan.FromSeconds(1));
        }

        Assert.Equal(5, Partition(store, "shop").Segments); // hot: four are not enough

        await store.AppendAsync(Mixed(500, 10));
        store.RunMaintenance(force: true);
        Assert.Equal(1, Partition(store, "shop").Segments); // six merge at once

        for (int round = 6; round < 9; round++)
        {
            await store.AppendAsync(Mixed(round * 100, 10));
            store.RunMaintenance(force: true);
        }

        Assert.Equal(4, Partition(store, "shop").Segments);
        Assert.Equal(1, store.HotPartitionCount);
        clock.Advance(TimeSpan.FromSeconds(31));
        store.RunMaintenance();
        Assert.Equal(1, Partition(store, "shop").Segments); // cooled: the usual fan-in of 4 applies
        Assert.Equal(0, store.HotPartitionCount); // and forgotten until its next seal

        Assert.Equal(90, Partition(store, "shop").Events);
        var expected = Enumerable.Range(0, 9).SelectMany(round => Mixed(round * 100, 10));
        Assert.Equal(SegmentFiles.Signatures(expected), SegmentFiles.Signatures(TestEvents.ReadAll(store, "shop")));
    }

    [Theory]
    [MemberData(nameof(Devices.Both), MemberType = typeof(Devices))]
    public async Task A_reader_holding_a_snapshot_keeps_reading_while_compaction_replaces_its_segments(DeviceKind kind)
    {
        using var device = TestDevice.Create(kind);
        await using var store = TestStores.Open(device.FileSystem, TestStores.Options() with { CompactionFanIn = 3 });
        for (int round = 0; round < 2; round++)
        {
            await store.AppendAsync(Mixed(round * 100, 50));
            store.RunMaintenance(force: true);
        }

        var query = new AggregateQuery(new ScanQuery { App = "shop" }, [new FieldGroupKey("country")], [AggregateSpec.Count(), new(AggregateKind.Sum, "amount")]);
        var answerBefore = Describe(store.Aggregate(query));
        using var reader = store.Scan(new ScanQuery { App = "shop" }).GetEnumerator();
        Assert.True(reader.MoveNext());
        var read = new List<Event> { reader.Current };

        await store.AppendAsync(Mixed(200, 50));
        store.RunMaintenance(force: true);
        Assert.Equal(1, Partition(store, "shop").Segments);

        while (reader.MoveNext())
        {
            read.Add(reader.Current);
        }

        Assert.Equal(SegmentFiles.Signatures(Mixed(0, 50).Concat(Mixed(100, 50))), SegmentFiles.Signatures(read));
        var all = Mixed(0, 50).Concat(Mixed(100, 50)).Concat(Mixed(200, 50)).ToList();
        Assert.Equal(SegmentFiles.Signatures(all), SegmentFiles.Signatures(TestEvents.ReadAll(store, "shop")));
        Assert.NotEqual(answerBefore, Describe(store.Aggregate(query)));
        Assert.Equal(150, store.Aggregate(query).Rows.Sum(r => r.Values[0].AsLong));
    }

    [Fact]
    public async Task Merges_stop_at_the_size_limits_so_a_busy_partition_never_makes_a_segment_too_big_to_merge()
    {
        var fs = new Metronome.Storage.Io.MemoryFileSystem();
        await using var store = TestStores.Open(fs, TestStores.Options() with { SealEventCount = 10, CompactionFanIn = 2, MaxMergedRows = 25 });
        for (int round = 0; round < 8; round++)
        {
            await store.AppendAsync(Mixed(round * 60, 10));
            store.RunMaintenance(force: true);
        }

        // Two seals of 10 make 20, over half the limit of 25: final, never merged with another 20.
        var rows = store.GetStatistics().Partitions.Where(p => p.App == "shop").Sum(p => p.Events);
        Assert.Equal(80, rows);
        Assert.Equal(4, Partition(store, "shop").Segments);
        Assert.Equal(Enumerable.Range(0, 8).SelectMany(round => Mixed(round * 60, 10)).Select(TestEvents.Signature).Order(StringComparer.Ordinal),
            TestEvents.ReadAll(store, "shop").Select(TestEvents.Signature).Order(StringComparer.Ordinal));

        await using var bytesLimited = TestStores.Open(new Metronome.Storage.Io.MemoryFileSystem(), TestStores.Options() with { SealEventCount = 10, CompactionFanIn = 2, MaxMergedBytes = 1 });
        for (int round = 0; round < 4; round++)
        {
            await bytesLimited.AppendAsync(Mixed(round * 60, 10));
            bytesLimited.RunMaintenance(force: true);
        }

        Assert.Equal(4, Partition(bytesLimited, "shop").Segments);
    }

    [Fact]
    public async Task Full_segments_are_merged_by_copying_their_blocks()
    {
        using var device = TestDevice.Create(DeviceKind.Memory);
        var options = TestStores.Options() with { SealEventCount = 20_000 };
        var lines = new List<Event>();
        await using (var store = TestStores.Open(device.FileSystem, options))
        {
            for (int round = 0; round < 4; round++)
            {
                var batches = DrainLines.Batches(new Random(round), 20_000, _ => MessageForm.Suffix);
                foreach (var batch in batches)
                {
                    await store.AppendAsync(batch);
                    lines.AddRange(batch.ToEvents(new Metronome.Core.Text.StringPool()));
                }

                store.RunMaintenance(force: true);
            }

            // One segment whose blocks are the four seals' (a row-by-row merge would have made two blocks).
            Assert.Equal(1, Partition(store, "shop").Segments);
            var file = Assert.Single(device.FileSystem.ListFiles(EventStore.SegmentDirectory, ".seg"));
            using var segment = Metronome.Storage.Segments.Segment.Open(device.FileSystem, new Metronome.Storage.Manifest.SegmentInfo(file, "shop", "", 80_000, 0, 0, 0));
            Assert.Equal([20_000, 20_000, 20_000, 20_000], segment.Blocks.Select(b => b.Rows));
            Assert.Equal(SegmentFiles.Signatures(lines), SegmentFiles.Signatures(TestEvents.ReadAll(store, "shop")));
            Assert.Empty(store.Verify());
        }

        await using var reopened = TestStores.Open(device.FileSystem, options);
        Assert.Equal(80_000, reopened.Aggregate(new AggregateQuery(new ScanQuery { App = "shop" }, [], [AggregateSpec.Count()])).Rows.Single().Values[0].AsLong);
    }

    private static PartitionStatistics Partition(EventStore store, string app) =>
        Assert.Single(store.GetStatistics().Partitions, p => p.App == app);

    private static Event[] Mixed(long first, int count) => Enumerable.Range(0, count).Select(i => new Event(
        "shop", i % 3 == 0 ? "pay" : "view", TestEvents.Day0Us + ((first + i) * 60_000_000), TestEvents.Day0Us,
        [
            new(TestEvents.SeqField, first + i),
            new("country", new[] { "DE", "FR", "US", "BR" }[i % 4]),
            new("amount", (i % 5) + 0.25),
            new("note", $"order {first + i} of {count}"),
        ])).ToArray();

    private static string Describe(AggregateResult result) =>
        string.Join(";", result.Rows.Select(r => string.Join(",", r.Keys.Concat(r.Values))).Order(StringComparer.Ordinal));
}
