using System.Collections.Concurrent;
using Metronome.Storage.Io;
using Metronome.Storage.Manifest;
using Metronome.Storage.Tests.Support;
using Metronome.Storage.Tests.Wal;

namespace Metronome.Storage.Tests.Recovery;

public class StoreRecoveryTests
{
    private static readonly string[] Apps = ["shop", "blog"];

    [Theory]
    [MemberData(nameof(Devices.Both), MemberType = typeof(Devices))]
    public async Task Events_in_segments_and_in_a_torn_log_are_each_recovered_exactly_once(DeviceKind kind)
    {
        using var device = TestDevice.Create(kind);
        await using (var store = TestStores.Open(device.FileSystem))
        {
            await store.AppendAsync(TestEvents.Range(0, 50));
            await store.AppendAsync(TestEvents.Range(50, 20, "blog"));
            store.RunMaintenance(force: true);
            await store.AppendAsync(TestEvents.Range(70, 30));
        }

        // A group commit that reached the disk only in part when the machine stopped.
        string last = WalHarness.Files(device.FileSystem)[^1];
        byte[] torn = WalFileBuilder.Record(99, WalHarness.Batch(1, 200));
        device.Append(last, torn.AsSpan(0, 77));

        await using var reopened = TestStores.Open(device.FileSystem);

        Assert.Equal(77, reopened.RecoveredTornBytes);
        Assert.Equal(Enumerable.Range(0, 100).Select(i => (long)i), TestEvents.Seqs(TestEvents.ReadAll(reopened, Apps)));
        Assert.Equal(30, reopened.GetStatistics().TailEvents);
    }

    [Fact]
    public async Task A_power_cut_at_any_moment_loses_no_acknowledged_event_and_duplicates_none()
    {
        for (int seed = 0; seed < 40; seed++)
        {
            var random = new Random(seed);
            var disk = new MemoryFileSystem();
            var power = new PowerCutFileSystem(disk, cutAt: random.Next(3, 60), random);
            var acknowledged = new ConcurrentBag<long>();
            var store = TestStores.Open(power, TestStores.Options() with { CompactionFanIn = 3 });
            var writers = Enumerable.Range(0, 3).Select(w => Task.Run(async () =>
            {
                for (int i = 0; i < 15; i++)
                {
                    long first = (w * 1000) + (i * 10);
                    try
                    {
                        await store.AppendAsync(TestEvents.Range(first, 1 + (i % 4), Apps[w % 2]));
                        for (int k = 0; k < 1 + (i % 4); k++)
                        {
                            acknowledged.Add(first + k);
                        }
                    }
                    catch (StoreUnavailableException)
                    {
                        return;
                    }
                }
            })).ToList();
            while (!writers.All(w => w.IsCompleted))
            {
                try
                {
                    store.RunMaintenance(force: true);
                }
                catch (IOException)
                {
                }

                await Task.Delay(1);
            }

            power.CutNow();
            await store.DisposeAsync();

            await using var recovered = TestStores.Open(disk);
            var seqs = TestEvents.Seqs(TestEvents.ReadAll(recovered, Apps));
            Assert.True(seqs.Count == seqs.Distinct().Count(), $"seed {seed}: duplicates after recovery");
            var missing = acknowledged.Except(seqs).ToList();
            Assert.True(missing.Count == 0, $"seed {seed}: lost acknowledged events {string.Join(",", missing)}");
            Assert.True(seqs.All(s => s % 1000 / 10 < 15 && s % 10 < 4), $"seed {seed}: an event nobody appended");
            Assert.Empty(recovered.Verify());
        }
    }

    [Theory]
    [MemberData(nameof(Devices.Both), MemberType = typeof(Devices))]
    public async Task A_segment_written_before_a_crash_but_missing_from_the_manifest_is_deleted(DeviceKind kind)
    {
        using var device = TestDevice.Create(kind);
        string orphan;
        await using (var store = TestStores.Open(device.FileSystem))
        {
            await store.AppendAsync(TestEvents.Range(0, 40));
            store.RunMaintenance(force: true);
            await store.AppendAsync(TestEvents.Range(40, 10));

            // Sealing wrote the next segment, then the machine stopped before the manifest was replaced:
            // the orphan holds the same events as the log, so loading it would count them twice.
            var manifest = StoreManifest.Load(device.FileSystem);
            orphan = $"{EventStore.SegmentDirectory}/{manifest.NextSegmentId:D12}.seg";
            byte[] sealedSegment = device.FileSystem.ReadAllBytes($"{EventStore.SegmentDirectory}/{manifest.Segments[0].File}");
            device.Append(orphan, sealedSegment);
        }

        await using var reopened = TestStores.Open(device.FileSystem);

        Assert.False(device.FileSystem.FileExists(orphan));
        Assert.Equal(Enumerable.Range(0, 50).Select(i => (long)i), TestEvents.Seqs(TestEvents.ReadAll(reopened, "shop")));
        reopened.RunMaintenance(force: true);
        Assert.Equal(Enumerable.Range(0, 50).Select(i => (long)i), TestEvents.Seqs(TestEvents.ReadAll(reopened, "shop")));
    }

    [Theory]
    [MemberData(nameof(Devices.Both), MemberType = typeof(Devices))]
    public async Task Log_records_left_behind_by_a_crash_after_the_manifest_are_not_replayed(DeviceKind kind)
    {
        using var device = TestDevice.Create(kind);
        await using (var store = TestStores.Open(device.FileSystem, TestStores.Options() with { Wal = WalHarness.Options(fileSize: 400) }))
        {
            for (int i = 0; i < 10; i++)
            {
                await store.AppendAsync(TestEvents.Range(i * 3, 3));
            }

            var logBeforeSeal = WalHarness.Files(device.FileSystem).ToDictionary(f => f, device.FileSystem.ReadAllBytes);
            store.RunMaintenance(force: true);
            Assert.True(WalHarness.Files(device.FileSystem).Count < logBeforeSeal.Count, "sealing deletes log files");

            // The machine stopped after the manifest but before the log files were deleted.
            foreach (var (file, bytes) in logBeforeSeal.Where(f => !device.FileSystem.FileExists(f.Key)))
            {
                device.Append(file, bytes);
            }
        }

        await using var reopened = TestStores.Open(device.FileSystem);

        Assert.Equal(Enumerable.Range(0, 30).Select(i => (long)i), TestEvents.Seqs(TestEvents.ReadAll(reopened, "shop")));
        Assert.Equal(0, reopened.GetStatistics().TailEvents);
    }

    [Theory]
    [MemberData(nameof(Devices.Both), MemberType = typeof(Devices))]
    public async Task A_clean_close_seals_the_tail_so_the_next_start_replays_nothing(DeviceKind kind)
    {
        using var device = TestDevice.Create(kind);
        await using (var store = TestStores.Open(device.FileSystem, TestStores.Options() with { SealOnClose = true }))
        {
            await store.AppendAsync(TestEvents.Range(0, 25));
        }

        await using var reopened = TestStores.Open(device.FileSystem);

        var stats = reopened.GetStatistics();
        Assert.Equal(0, stats.TailEvents);
        Assert.Equal(25, stats.TotalEvents);
        Assert.Equal(Enumerable.Range(0, 25).Select(i => (long)i), TestEvents.Seqs(TestEvents.ReadAll(reopened, "shop")));
    }
}
