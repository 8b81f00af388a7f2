using Metronome.Storage.Tests.Support;

namespace Metronome.Storage.Tests.Wal;

public class GroupCommitTests
{
    [Theory]
    [MemberData(nameof(Devices.Both), MemberType = typeof(Devices))]
    public async Task Batches_queued_behind_a_sync_are_written_as_one_record(DeviceKind kind)
    {
        using var device = TestDevice.Create(kind);
        var gate = new SyncGateFileSystem(device.FileSystem);
        var harness = new WalHarness();
        using (var wal = harness.Open(gate))
        {
            gate.Close();
            var first = wal.AppendAsync(WalHarness.Batch(0), null);
            Assert.True(await gate.SyncWaiting.WaitAsync(TimeSpan.FromSeconds(10)), "the first commit never reached fsync");
            var queued = Enumerable.Range(1, 99).Select(i => wal.AppendAsync(WalHarness.Batch(i), null)).ToList();
            Assert.All(queued, t => Assert.False(t.IsCompleted, "acknowledged before its fsync"));

            gate.Open();
            await first;
            await Task.WhenAll(queued);

            Assert.Equal(3, wal.NextLsn);
        }

        using var reopened = harness.Open(device.FileSystem);
        Assert.Equal(Enumerable.Range(0, 100).Select(i => (long)i), harness.ReplayedIds);
        Assert.Equal(99, harness.Replayed.Count(r => r.Lsn == 2));
    }

    [Theory]
    [MemberData(nameof(Devices.Both), MemberType = typeof(Devices))]
    public async Task Many_concurrent_appends_take_fewer_records_and_each_is_replayed_exactly_once(DeviceKind kind)
    {
        using var device = TestDevice.Create(kind);
        var harness = new WalHarness();
        const int Writers = 8, PerWriter = 60;
        long records;
        using (var wal = harness.Open(device.FileSystem))
        {
            var writers = Enumerable.Range(0, Writers).Select(w => Task.Run(async () =>
            {
                var pending = new List<Task>();
                for (int i = 0; i < PerWriter; i++)
                {
                    pending.Add(wal.AppendAsync(WalHarness.Batch((w * 1000) + i), null));
                }

                await Task.WhenAll(pending);
            }));
            await Task.WhenAll(writers);
            records = wal.NextLsn - 1;
        }

        Assert.True(records < Writers * PerWriter, $"{records} records for {Writers * PerWriter} appends");
        harness.Open(device.FileSystem).Dispose();
        var expected = Enumerable.Range(0, Writers).SelectMany(w => Enumerable.Range(0, PerWriter).Select(i => (long)((w * 1000) + i))).Order();
        Assert.Equal(expected, harness.ReplayedIds.Order());
        Assert.Equal(records, harness.Replayed.Select(r => r.Lsn).Distinct().Count());
    }

    [Theory]
    [MemberData(nameof(Devices.Both), MemberType = typeof(Devices))]
    public async Task Appends_beyond_the_queued_byte_limit_are_refused_as_busy(DeviceKind kind)
    {
        using var device = TestDevice.Create(kind);
        var gate = new SyncGateFileSystem(device.FileSystem);
        var harness = new WalHarness();
        using var wal = harness.Open(gate, options: WalHarness.Options(maxQueued: 1_000));
        gate.Close();
        var inFlight = wal.AppendAsync(WalHarness.Batch(0, 5_000), null);
        Assert.True(await gate.SyncWaiting.WaitAsync(TimeSpan.FromSeconds(10)));

        var queued = wal.AppendAsync(WalHarness.Batch(1, 600), null);
        var refused = Assert.Throws<StoreBusyException>(() => { _ = wal.AppendAsync(WalHarness.Batch(2, 600), null); });
        Assert.Contains("retry", refused.Message, StringComparison.Ordinal);

        gate.Open();
        await inFlight;
        await queued;
        await wal.AppendAsync(WalHarness.Batch(3, 600), null);
        wal.Dispose();

        harness.Open(device.FileSystem).Dispose();
        Assert.Equal([0L, 1, 3], harness.ReplayedIds);
    }

    [Fact]
    public async Task A_closed_log_refuses_appends_as_unavailable()
    {
        var harness = new WalHarness();
        var wal = harness.Open(new Storage.Io.MemoryFileSystem());
        await wal.AppendAsync(WalHarness.Batch(0), null);
        wal.Dispose();

        Assert.Throws<StoreUnavailableException>(() => { _ = wal.AppendAsync(WalHarness.Batch(1), null); });
    }
}
