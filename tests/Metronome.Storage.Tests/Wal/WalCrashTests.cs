using System.Collections.Concurrent;
using Metronome.Storage.Io;
using Metronome.Storage.Tests.Support;

namespace Metronome.Storage.Tests.Wal;

/// <summary>Power cuts at random moments under concurrent appends (the in-memory device drops or tears
/// the unsynced bytes): recovery never loses an acknowledged batch and never replays one twice.</summary>
public class WalCrashTests
{
    [Fact]
    public async Task A_power_cut_at_any_fsync_keeps_every_acknowledged_batch_exactly_once()
    {
        for (int seed = 0; seed < 60; seed++)
        {
            var random = new Random(seed);
            var disk = new MemoryFileSystem();
            var power = new PowerCutFileSystem(disk, cutAt: random.Next(2, 40), random);
            var acknowledged = new ConcurrentBag<long>();
            var harness = new WalHarness();
            var wal = harness.Open(power, options: WalHarness.Options(fileSize: random.Next(200, 2_000)));
            var writers = Enumerable.Range(0, 4).Select(w => Task.Run(async () =>
            {
                for (int i = 0; i < 20; i++)
                {
                    long id = (w * 100) + i;
                    try
                    {
                        await wal.AppendAsync(WalHarness.Batch(id, 20 + (i * 7)), null);
                        acknowledged.Add(id);
                    }
                    catch (StoreUnavailableException)
                    {
                        return;
                    }
                }
            }));
            await Task.WhenAll(writers);
            power.CutNow();
            wal.Dispose();

            using (harness.Open(disk))
            {
                var replayed = harness.ReplayedIds.ToList();
                Assert.True(replayed.Count == replayed.Distinct().Count(), $"seed {seed}: a batch was replayed twice");
                Assert.True(acknowledged.All(replayed.Contains), $"seed {seed}: an acknowledged batch was lost");
                Assert.True(replayed.All(id => id % 100 < 20 && id < 400), $"seed {seed}: a batch nobody appended");
            }

            // The recovered log takes new records and recovers cleanly again.
            using (var again = harness.Open(disk))
            {
                int before = harness.Replayed.Count;
                await again.AppendAsync(WalHarness.Batch(999), null);
                again.Dispose();
                harness.Open(disk).Dispose();
                Assert.Equal(before + 1, harness.Replayed.Count);
            }
        }
    }
}
