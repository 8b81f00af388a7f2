using System.Collections.Concurrent;
using Metronome.Storage.Io;
using Metronome.Storage.Tests.Support;

namespace Metronome.Storage.Tests.Store;

/// <summary>Background seals and merges take seconds of CPU under load; on the thread pool they held the
/// threads requests continue on. They must run on threads of their own.</summary>
public class MaintenanceThreadTests
{
    [Fact]
    public async Task Background_seals_and_merges_write_their_segments_off_the_thread_pool()
    {
        var fs = new ThreadRecordingFileSystem(new MemoryFileSystem());
        var options = TestStores.Options() with
        {
            MaintenanceInterval = TimeSpan.FromMilliseconds(20),
            SealEventCount = 10,
            SealSplitRows = 5,
            QueryThreads = 3,
            CompactionFanIn = 2,
        };
        await using (var store = TestStores.Open(fs, options))
        {
            for (int i = 0; i < 12; i++)
            {
                await store.AppendAsync(TestEvents.Range(i * 40, 40));
            }

            var deadline = DateTime.UtcNow.AddSeconds(20);
            while ((store.GetStatistics().TailEvents > 0 || fs.Merged == 0) && DateTime.UtcNow < deadline)
            {
                await Task.Delay(20);
            }

            Assert.Equal(0, store.GetStatistics().TailEvents);
            Assert.Equal(Enumerable.Range(0, 480).Select(i => (long)i), TestEvents.Seqs(TestEvents.ReadAll(store, "shop")));
        }

        Assert.True(fs.Merged > 0, "no merge ran");
        Assert.True(fs.SegmentThreads.Count > 1, "a split seal wrote its parts on one thread");
        Assert.All(fs.SegmentWrites, pooled => Assert.False(pooled, "a segment was written on a thread-pool thread"));
    }

    [Fact]
    public void The_parallel_helper_runs_every_index_once_and_reports_every_failure()
    {
        var seen = new ConcurrentBag<int>();
        var threads = new ConcurrentDictionary<int, bool>();
        var error = Assert.Throws<AggregateException>(() => DedicatedParallel.For(50, 4, i =>
        {
            seen.Add(i);
            threads[Environment.CurrentManagedThreadId] = Thread.CurrentThread.IsThreadPoolThread;
            Thread.Sleep(1);
            if (i % 10 == 3)
            {
                throw new InvalidOperationException("index " + i);
            }
        }));

        Assert.Equal(Enumerable.Range(0, 50), seen.Order());
        Assert.Equal(["index 13", "index 23", "index 3", "index 33", "index 43"], error.InnerExceptions.Select(e => e.Message).Order(StringComparer.Ordinal));
        Assert.InRange(threads.Count, 2, 4);
        Assert.DoesNotContain(true, threads.Values);
    }

    /// <summary>Records, for every segment file created, whether a thread-pool thread created it.</summary>
    private sealed class ThreadRecordingFileSystem(IFileSystem inner) : DelegatingFileSystem(inner)
    {
        private int _merged;

        public ConcurrentBag<bool> SegmentWrites { get; } = [];

        public ConcurrentDictionary<int, byte> SegmentThreads { get; } = new();

        public int Merged => Volatile.Read(ref _merged);

        public override IAtomicFile CreateAtomically(string path)
        {
            if (path.EndsWith(".seg", StringComparison.Ordinal))
            {
                SegmentWrites.Add(Thread.CurrentThread.IsThreadPoolThread);
                SegmentThreads[Environment.CurrentManagedThreadId] = 0;
                if (new System.Diagnostics.StackTrace().ToString().Contains("SegmentMerger", StringComparison.Ordinal))
                {
                    Interlocked.Increment(ref _merged);
                }
            }

            return Inner.CreateAtomically(path);
        }
    }
}
