using Metronome.Core.Events;
using Metronome.Core.Events.Batches;
using Metronome.Storage.Io;
using Metronome.Storage.Scanning;
using Metronome.Storage.Tests.Batches;

namespace Metronome.Storage.Tests.Tail;

/// <summary>A sealed batch's pooled array is reused only once no query can still be reading it: the next
/// batch appended after the seal gets it back and overwrites it.</summary>
public sealed class TailRecyclerTests
{
    private static readonly StoreOptions Options = new() { MaintenanceInterval = TimeSpan.Zero, SealOnClose = false };

    [Fact]
    public async Task A_scan_begun_before_a_seal_reads_its_tail_intact_while_new_batches_arrive()
    {
        await using var store = EventStore.Open(new MemoryFileSystem(), Options);
        var first = Events(seed: 1);
        var second = Shouted(first);
        await store.AppendAsync(Pooled(first));
        await store.AppendAsync(Pooled(second));

        using var scan = store.Scan(new ScanQuery { App = "a" }).GetEnumerator();
        Assert.True(scan.MoveNext()); // registered, holding the state with both batches; the second not decoded yet
        var read = new List<Event> { scan.Current };

        store.RunMaintenance(force: true);
        // The last array retired is the first handed out again: this batch would overwrite the second's.
        await store.AppendAsync(Pooled(first));
        while (scan.MoveNext())
        {
            read.Add(scan.Current);
        }

        Assert.Equal(first.Concat(second).Select(BatchArrayPoolTests.Key), read.Select(BatchArrayPoolTests.Key));
        scan.Dispose();
        Assert.Equal(0, store.TailReaders);
    }

    [Fact]
    public async Task Column_scan_parts_taken_before_a_seal_are_intact_when_read_after_it()
    {
        await using var store = EventStore.Open(new MemoryFileSystem(), Options);
        var first = Events(seed: 3);
        var second = Shouted(first);
        await store.AppendAsync(Pooled(first));
        await store.AppendAsync(Pooled(second));

        var parts = store.ScanColumns(new ScanQuery { App = "a" }, ["n", "_raw"]);
        store.RunMaintenance(force: true);
        await store.AppendAsync(Pooled(first)); // would overwrite the second batch's array if it were free

        var raws = parts.SelectMany(p => p).SelectMany(b => b.Selection.Select(r => b.Fields[1].Value(r).AsString)).ToList();
        Assert.Equal(first.Concat(second).Select(e => e.Get("_raw").AsString), raws);
        Assert.Equal(0, store.TailReaders);
    }

    [Fact]
    public async Task Once_no_reader_is_left_the_sealed_arrays_go_back_to_the_pool()
    {
        await using var store = EventStore.Open(new MemoryFileSystem(), Options);
        var batch = Pooled(Events(seed: 5));
        await store.AppendAsync(batch);

        var scan = store.Scan(new ScanQuery { App = "a" }).GetEnumerator();
        Assert.True(scan.MoveNext());
        store.RunMaintenance(force: true);
        Assert.True(store.TailArraysWaiting >= batch.Data.Length); // a reader is in

        scan.Dispose();
        Assert.Equal(0, store.TailArraysWaiting);
        // The pool hands it out again (its size class is this test's alone).
        Assert.Same(batch.Data, BatchArrayPool.Rent(batch.Data.Length));
    }

    /// <summary>Events whose batch is big enough to be pooled, in a size class of this file's own.</summary>
    private static List<Event> Events(int seed) => BatchArrayPoolTests.Events(1500 + seed, seed);

    /// <summary>The same events in upper case: a batch of the same size, so the same size class.</summary>
    private static List<Event> Shouted(List<Event> events) =>
        [.. events.Select(e => new Event(e.App, e.Name, e.TimeUs, e.ReceiptTimeUs, [new("_raw", FieldValue.From(e.Get("_raw").AsString.ToUpperInvariant())), new("n", e.Get("n"))]))];

    private static EventBatch Pooled(List<Event> events)
    {
        var writer = new EventBatchWriter();
        foreach (var e in events)
        {
            writer.Add(e);
        }

        var batch = writer.ToPooledBatch();
        Assert.True(batch.IsPooled);
        return batch;
    }
}
