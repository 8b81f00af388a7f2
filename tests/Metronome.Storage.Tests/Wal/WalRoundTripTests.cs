using Metronome.Storage.Tests.Support;
using Metronome.Storage.Wal;

namespace Metronome.Storage.Tests.Wal;

public class WalRoundTripTests
{
    [Theory]
    [MemberData(nameof(Devices.Both), MemberType = typeof(Devices))]
    public async Task Batches_appended_one_at_a_time_are_replayed_in_order_after_reopening(DeviceKind kind)
    {
        using var device = TestDevice.Create(kind);
        var harness = new WalHarness();
        int[] sizes = [8, 9, 127, 128, 300, 70_000, 8, 1_000];
        using (var wal = harness.Open(device.FileSystem))
        {
            for (int i = 0; i < sizes.Length; i++)
            {
                await wal.AppendAsync(WalHarness.Batch(i, sizes[i]), null);
            }

            Assert.Equal(sizes.Length + 1, wal.NextLsn);
        }

        using var reopened = harness.Open(device.FileSystem);

        Assert.Equal(sizes.Length, harness.Replayed.Count);
        for (int i = 0; i < sizes.Length; i++)
        {
            Assert.Equal(i + 1, harness.Replayed[i].Lsn);
            Assert.Equal(WalHarness.Batch(i, sizes[i]), harness.Replayed[i].Batch);
        }

        Assert.Equal(sizes.Length + 1, reopened.NextLsn);
        Assert.Equal(0, reopened.RecoveredTornBytes);
    }

    [Theory]
    [MemberData(nameof(Devices.Both), MemberType = typeof(Devices))]
    public async Task Records_at_or_below_the_checkpoint_are_not_replayed(DeviceKind kind)
    {
        using var device = TestDevice.Create(kind);
        var harness = new WalHarness();
        using (var wal = harness.Open(device.FileSystem))
        {
            for (int i = 0; i < 10; i++)
            {
                await wal.AppendAsync(WalHarness.Batch(i), null);
            }
        }

        using var reopened = harness.Open(device.FileSystem, checkpointLsn: 6);

        Assert.Equal([7L, 8, 9, 10], harness.Replayed.Select(r => r.Lsn));
        Assert.Equal(11, reopened.NextLsn);
    }

    [Theory]
    [MemberData(nameof(Devices.Both), MemberType = typeof(Devices))]
    public async Task The_log_rotates_to_new_files_and_deletes_the_ones_below_the_checkpoint(DeviceKind kind)
    {
        using var device = TestDevice.Create(kind);
        var harness = new WalHarness();
        var options = WalHarness.Options(fileSize: 200);
        using (var wal = harness.Open(device.FileSystem, options: options))
        {
            for (int i = 0; i < 30; i++)
            {
                await wal.AppendAsync(WalHarness.Batch(i, 60), null);
            }

            var files = WalHarness.Files(device.FileSystem);
            Assert.True(files.Count >= 10, $"expected rotation, got {files.Count} files");
            Assert.Equal(files.Count, wal.FileCount);
            Assert.Equal(WalFormat.FileName(1), Path.GetFileName(files[0]));

            wal.DeleteUpTo(20);

            var kept = WalHarness.Files(device.FileSystem).Select(f => long.Parse(Path.GetFileNameWithoutExtension(f), System.Globalization.CultureInfo.InvariantCulture)).ToList();
            Assert.True(kept[0] <= 21, "the file holding LSN 21 must be kept");
            Assert.True(kept.Count == 1 || kept[1] > 21, "every file wholly at or below the checkpoint is deleted");

            wal.DeleteUpTo(long.MaxValue - 1);
            Assert.Single(WalHarness.Files(device.FileSystem));
        }

        using var reopened = harness.Open(device.FileSystem, checkpointLsn: 30, options);
        Assert.Empty(harness.Replayed);
        Assert.Equal(31, reopened.NextLsn);
    }

    [Theory]
    [MemberData(nameof(Devices.Both), MemberType = typeof(Devices))]
    public async Task A_log_that_rotated_replays_every_batch_across_its_files(DeviceKind kind)
    {
        using var device = TestDevice.Create(kind);
        var harness = new WalHarness();
        var options = WalHarness.Options(fileSize: 300);
        using (var wal = harness.Open(device.FileSystem, options: options))
        {
            for (int i = 0; i < 40; i++)
            {
                await wal.AppendAsync(WalHarness.Batch(i, 40), null);
            }
        }

        using var reopened = harness.Open(device.FileSystem, options: options);

        Assert.Equal(Enumerable.Range(0, 40).Select(i => (long)i), harness.ReplayedIds);
        Assert.Equal(Enumerable.Range(1, 40).Select(i => (long)i), harness.Replayed.Select(r => r.Lsn));
    }
}
