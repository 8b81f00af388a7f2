using Metronome.Core.Events;
using Metronome.Core.Events.Batches;
using Metronome.Storage.Aggregation;
using Metronome.Storage.Io;
using Metronome.Storage.Scanning;
using Metronome.Storage.Segments;
using Metronome.Storage.Tail;

namespace Metronome.Storage.Tests.Store;

/// <summary>A seal whose events all land in one partition still uses every core: the partition's sorted rows
/// are cut into consecutive runs, one segment each.</summary>
public sealed class SplitSealTests
{
    private const long Day0 = 1_767_225_600_000_000; // 2026-01-01

    [Fact]
    public async Task One_big_partition_is_sealed_as_one_segment_per_core_and_reads_back_whole()
    {
        var fs = new MemoryFileSystem();
        var options = new StoreOptions { SealEventCount = 400, SealSplitRows = 100, QueryThreads = 2, CompactionFanIn = 1000, MaintenanceInterval = TimeSpan.Zero };
        var store = EventStore.Open(fs, options);
        // Times run backwards within each batch, so the segments must come from the sorted rows.
        for (int batch = 0; batch < 4; batch++)
        {
            await store.AppendAsync([.. Enumerable.Range(0, 100).Select(i => new Event("a", i % 2 == 0 ? "view" : "click", Day0 + ((batch * 100) + (99 - i)) * 1000, Day0, [new("n", (long)((batch * 100) + (99 - i)))]))]);
        }

        store.RunMaintenance();

        var partition = store.GetStatistics().Partitions.Single();
        Assert.Equal(2, partition.Segments);
        Assert.Equal(400, partition.Events);
        var seen = store.Scan(new ScanQuery { App = "a" }).Select(e => e.Get("n").AsLong).Order().ToList();
        Assert.Equal(Enumerable.Range(0, 400).Select(i => (long)i), seen);
        var count = store.Aggregate(new AggregateQuery(new ScanQuery { App = "a" }, [], [AggregateSpec.Count()]));
        Assert.Equal(400, count.Rows.Single().Values[0].AsLong);
        await store.DisposeAsync();
    }

    [Fact]
    public void Split_cuts_the_largest_partitions_into_consecutive_runs_and_keeps_their_order()
    {
        var rows = Enumerable.Range(0, 1000).Select(i => new EncodedRow(0, i, i, 0, i)).ToList();
        var small = new TailPartition("a", 1, [.. rows.Take(10)]);
        var big = new TailPartition("b", 1, rows);

        var split = TailPartitioner.Split([small, big], pieces: 3, minRows: 100);

        Assert.Equal(["a", "b", "b"], split.Select(p => p.App));
        Assert.Equal(10, split[0].Rows.Count);
        Assert.Equal(rows, split[1].Rows.Concat(split[2].Rows));
        Assert.Equal(500, split[1].Rows.Count);
    }

    [Theory]
    [InlineData(2, 1000, 1)] // enough partitions for the cores already
    [InlineData(4, 300, 3)] // no run under the minimum
    [InlineData(8, 100, 8)]
    public void Split_gives_no_run_fewer_rows_than_the_minimum(int pieces, int minRows, int expectedRuns)
    {
        var rows = Enumerable.Range(0, 1000).Select(i => new EncodedRow(0, i, i, 0, i)).ToList();
        var partitions = pieces == 2 ? new List<TailPartition> { new("a", 1, rows), new("b", 1, [.. rows.Take(5)]) } : [new("a", 1, rows)];

        var split = TailPartitioner.Split(partitions, pieces, minRows);

        Assert.Equal(expectedRuns, split.Count(p => p.App == "a"));
        Assert.Equal(rows, split.Where(p => p.App == "a").SelectMany(p => p.Rows));
    }
}
