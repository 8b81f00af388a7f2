using Metronome.Core.Events;
using Metronome.Storage.Aggregation;
using Metronome.Storage.Io;
using Metronome.Storage.Scanning;

namespace Metronome.Storage.Tests.Store;

public sealed class ChunkedSealTests
{
    [Fact]
    public async Task Sealing_in_bounded_passes_cuts_at_record_boundaries_and_loses_nothing_on_reopen()
    {
        var fs = new MemoryFileSystem();
        var options = new StoreOptions { SealEventCount = 7, CompactionFanIn = 1000, MaintenanceInterval = TimeSpan.Zero, SealOnClose = false };
        var store = EventStore.Open(fs, options);
        // Waves make several log records; concurrent appends within a wave may share one record (one LSN).
        for (int wave = 0; wave < 8; wave++)
        {
            await Task.WhenAll(Enumerable.Range(wave * 5, 5).Select(i => store.AppendAsync(
                [.. Enumerable.Range(0, 3).Select(j => new Event("a", "view", 1_000_000 * (i + 1), 0, [new("n", (long)((i * 3) + j))]))])));
        }
        store.RunMaintenance();
        var stats = store.GetStatistics();
        Assert.True(stats.Partitions.Sum(p => p.Segments) > 1, "the tail should have been sealed in several passes");
        Assert.Equal(120, stats.TotalEvents);
        await store.DisposeAsync();

        await using var reopened = EventStore.Open(fs, options);
        var values = reopened.Scan(new ScanQuery { App = "a" }).Select(e => e.Get("n").AsLong).Order().ToList();
        Assert.Equal(Enumerable.Range(0, 120).Select(i => (long)i), values);
        var count = reopened.Aggregate(new AggregateQuery(new ScanQuery { App = "a" }, [], [AggregateSpec.Count()]));
        Assert.Equal(120, count.Rows.Single().Values[0].AsLong);
    }
}
