using Metronome.Storage.Io;
using Metronome.Storage.Tests.Support;
using Metronome.Storage.Wal;

namespace Metronome.Storage.Tests.Store;

public class StoreFaultTests
{
    [Theory]
    [MemberData(nameof(Devices.Both), MemberType = typeof(Devices))]
    public async Task A_full_disk_refuses_writes_as_unavailable_and_the_store_works_again_once_space_is_back(DeviceKind kind)
    {
        using var device = TestDevice.Create(kind);
        await using (var store = TestStores.Open(device.FileSystem, TestStores.Options(reserveBytes: 1 << 20)))
        {
            await store.AppendAsync(TestEvents.Range(0, 5));
            device.FreeBytes = (1 << 20) - 1;

            var error = await Assert.ThrowsAsync<StoreUnavailableException>(() => store.AppendAsync(TestEvents.Range(5, 5)));
            Assert.Contains("disk is full", error.Message, StringComparison.Ordinal);
            Assert.Equal(5, store.GetStatistics().TailEvents);

            device.FreeBytes = 1L << 40;
            await store.AppendAsync(TestEvents.Range(10, 5));
            Assert.Equal([0L, 1, 2, 3, 4, 10, 11, 12, 13, 14], TestEvents.Seqs(TestEvents.ReadAll(store, "shop")));
        }

        await using var reopened = TestStores.Open(device.FileSystem);
        Assert.Equal([0L, 1, 2, 3, 4, 10, 11, 12, 13, 14], TestEvents.Seqs(TestEvents.ReadAll(reopened, "shop")));
    }

    [Theory]
    [MemberData(nameof(Devices.Both), MemberType = typeof(Devices))]
    public async Task A_failing_device_surfaces_as_unavailable_and_never_as_corruption_after_recovery(DeviceKind kind)
    {
        using var device = TestDevice.Create(kind);
        await using (var store = TestStores.Open(device.FileSystem))
        {
            await store.AppendAsync(TestEvents.Range(0, 3));
            device.FailWrites = true;
            for (int i = 0; i < 3; i++)
            {
                var error = await Assert.ThrowsAsync<StoreUnavailableException>(() => store.AppendAsync(TestEvents.Range(100 + (i * 10), 2)));
                Assert.IsType<IOException>(error.InnerException);
            }

            Assert.Throws<IOException>(() => store.RunMaintenance(force: true));
            device.FailWrites = false;
            await store.AppendAsync(TestEvents.Range(3, 3));
            Assert.Equal([0L, 1, 2, 3, 4, 5], TestEvents.Seqs(TestEvents.ReadAll(store, "shop")));
        }

        await using (var reopened = TestStores.Open(device.FileSystem))
        {
            Assert.Equal([0L, 1, 2, 3, 4, 5], TestEvents.Seqs(TestEvents.ReadAll(reopened, "shop")));
            reopened.RunMaintenance(force: true);
            Assert.Empty(reopened.Verify());
        }
    }

    [Fact]
    public async Task A_failed_fsync_that_cannot_be_undone_stops_writes_instead_of_corrupting_the_log()
    {
        var disk = new MemoryFileSystem();
        var flaky = new FlakySyncFileSystem(disk);
        await using (var store = TestStores.Open(flaky))
        {
            await store.AppendAsync(TestEvents.Range(0, 2));
            flaky.FailNextSyncAndTruncate();
            await Assert.ThrowsAsync<StoreUnavailableException>(() => store.AppendAsync(TestEvents.Range(10, 2)));

            // The device is healthy again, but the log still holds the failed record: appending after
            // it under the same LSN would make the next recovery refuse to start.
            var later = await Record.ExceptionAsync(() => store.AppendAsync(TestEvents.Range(20, 2)));
            Assert.True(later is null or StoreUnavailableException, later?.ToString());
        }

        await using var reopened = TestStores.Open(disk);
        var seqs = TestEvents.Seqs(TestEvents.ReadAll(reopened, "shop"));
        Assert.Equal([0L, 1], seqs.Where(s => s < 10));
        Assert.Equal(seqs.Count, seqs.Distinct().Count());
    }

    [Theory]
    [MemberData(nameof(Devices.Both), MemberType = typeof(Devices))]
    public async Task Too_many_unsealed_events_refuse_appends_as_busy_until_the_tail_is_sealed(DeviceKind kind)
    {
        using var device = TestDevice.Create(kind);
        await using var store = TestStores.Open(device.FileSystem, TestStores.Options() with { MaxTailEvents = 10 });
        await store.AppendAsync(TestEvents.Range(0, 11));

        await Assert.ThrowsAsync<StoreBusyException>(() => store.AppendAsync(TestEvents.Range(11, 1)));

        store.RunMaintenance(force: true);
        await store.AppendAsync(TestEvents.Range(11, 1));
        Assert.Equal(12, TestEvents.ReadAll(store, "shop").Count);
    }

    [Theory]
    [MemberData(nameof(Devices.Both), MemberType = typeof(Devices))]
    public async Task A_tail_that_reaches_the_seal_size_is_sealed_at_once_not_at_the_next_tick(DeviceKind kind)
    {
        using var device = TestDevice.Create(kind);
        var options = TestStores.Options() with { SealEventCount = 10, MaintenanceInterval = TimeSpan.FromHours(1) };
        await using var store = TestStores.Open(device.FileSystem, options);

        await store.AppendAsync(TestEvents.Range(0, 12));

        var waited = System.Diagnostics.Stopwatch.StartNew();
        while (store.GetStatistics().TailEvents > 0 && waited.Elapsed < TimeSpan.FromSeconds(20))
        {
            await Task.Delay(20);
        }

        Assert.Equal(0, store.GetStatistics().TailEvents);
        Assert.Equal(12, store.GetStatistics().Partitions.Sum(p => p.Events));
    }

    [Theory]
    [MemberData(nameof(Devices.Both), MemberType = typeof(Devices))]
    public async Task Over_the_tail_limit_an_append_waits_for_the_background_seal_instead_of_failing(DeviceKind kind)
    {
        using var device = TestDevice.Create(kind);
        var options = TestStores.Options() with
        {
            MaxTailEvents = 10,
            MaintenanceInterval = TimeSpan.FromHours(1), // only the wake-up on a full tail can seal in time
            BackpressureWait = TimeSpan.FromSeconds(30),
        };
        await using var store = TestStores.Open(device.FileSystem, options);
        await store.AppendAsync(TestEvents.Range(0, 11));

        await store.AppendAsync(TestEvents.Range(11, 5)).WaitAsync(TimeSpan.FromSeconds(20));

        var stats = store.GetStatistics();
        Assert.True(stats.Partitions.Sum(p => p.Events) >= 11, "the full tail was sealed into segments");
        Assert.Equal(16, TestEvents.ReadAll(store, "shop").Count);
    }

    [Theory]
    [MemberData(nameof(Devices.Both), MemberType = typeof(Devices))]
    public async Task A_full_write_queue_refuses_store_appends_as_busy(DeviceKind kind)
    {
        using var device = TestDevice.Create(kind);
        var gate = new SyncGateFileSystem(device.FileSystem);
        var options = TestStores.Options() with { Wal = WalHarness.Options(maxQueued: 200) };
        await using var store = TestStores.Open(gate, options);
        gate.Close();
        var inFlight = store.AppendAsync(TestEvents.Range(0, 1));
        Assert.True(await gate.SyncWaiting.WaitAsync(TimeSpan.FromSeconds(10)));
        var queued = store.AppendAsync(TestEvents.Range(1, 3));

        await Assert.ThrowsAsync<StoreBusyException>(() => store.AppendAsync(TestEvents.Range(4, 3)));

        gate.Open();
        await Task.WhenAll(inFlight, queued);
        Assert.Equal([0L, 1, 2, 3], TestEvents.Seqs(TestEvents.ReadAll(store, "shop")));
    }

    [Theory]
    [MemberData(nameof(Devices.Both), MemberType = typeof(Devices))]
    public async Task The_caller_may_drop_its_events_as_soon_as_append_returns(DeviceKind kind)
    {
        using var device = TestDevice.Create(kind);
        var gate = new SyncGateFileSystem(device.FileSystem);
        await using var store = TestStores.Open(gate);
        gate.Close();
        var events = TestEvents.Range(0, 5).ToList();

        var appending = store.AppendAsync(events);
        events.Clear();
        events.AddRange(TestEvents.Range(100, 2));
        Assert.True(await gate.SyncWaiting.WaitAsync(TimeSpan.FromSeconds(10)));
        Assert.False(appending.IsCompleted);
        gate.Open();
        await appending;

        Assert.Equal([0L, 1, 2, 3, 4], TestEvents.Seqs(TestEvents.ReadAll(store, "shop")));
    }

    [Fact]
    public async Task A_closed_store_refuses_appends_as_unavailable()
    {
        var store = TestStores.Open(new MemoryFileSystem());
        await store.DisposeAsync();

        await Assert.ThrowsAsync<StoreUnavailableException>(() => store.AppendAsync(TestEvents.Range(0, 1)));
    }

    [Fact]
    public async Task Corruption_in_the_middle_of_the_log_keeps_the_store_closed()
    {
        var disk = new MemoryFileSystem();
        await using (var store = TestStores.Open(disk))
        {
            for (int i = 0; i < 4; i++)
            {
                await store.AppendAsync(TestEvents.Range(i * 10, 3));
            }
        }

        string file = WalHarness.Files(disk)[0];
        disk.Corrupt(file, WalHarness.RecordOffsets(disk.ReadAllBytes(file))[1] + 20);

        var error = Assert.Throws<WalCorruptionException>(() => TestStores.Open(disk));
        Assert.Equal(file, error.File);
    }
}
