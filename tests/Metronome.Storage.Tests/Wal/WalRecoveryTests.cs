using Metronome.Storage.Tests.Support;
using Metronome.Storage.Wal;

namespace Metronome.Storage.Tests.Wal;

public class WalRecoveryTests
{
    private static readonly string FirstFile = WalHarness.Directory + "/" + WalFormat.FileName(1);

    [Theory]
    [MemberData(nameof(Devices.Both), MemberType = typeof(Devices))]
    public async Task A_torn_last_record_is_truncated_at_any_point_and_earlier_records_survive(DeviceKind kind)
    {
        for (int seed = 0; seed < 30; seed++)
        {
            using var device = TestDevice.Create(kind);
            var random = new Random(seed);
            var harness = new WalHarness();
            int records = random.Next(2, 10);
            using (var wal = harness.Open(device.FileSystem))
            {
                for (int i = 0; i < records; i++)
                {
                    await wal.AppendAsync(WalHarness.Batch(i, random.Next(8, 400)), null);
                }
            }

            byte[] intact = device.FileSystem.ReadAllBytes(FirstFile);
            int lastOffset = WalHarness.RecordOffsets(intact)[^1];
            int expectedRecords;
            long expectedTorn;
            long expectedLength;
            switch (seed % 3)
            {
                case 0: // the last record reached the disk only in part
                    int cut = random.Next(lastOffset + 1, intact.Length);
                    device.Truncate(FirstFile, cut);
                    (expectedRecords, expectedTorn, expectedLength) = (records - 1, cut - lastOffset, lastOffset);
                    break;
                case 1: // the next record reached the disk only in part
                    byte[] next = WalFileBuilder.Record(records + 1, WalHarness.Batch(records, random.Next(8, 400)));
                    int part = random.Next(1, next.Length);
                    device.Append(FirstFile, next.AsSpan(0, part));
                    (expectedRecords, expectedTorn, expectedLength) = (records, part, intact.Length);
                    break;
                default: // garbage after the last record (a preallocated or zero-filled tail)
                    byte[] junk = new byte[random.Next(1, 64)];
                    if (seed % 2 == 0)
                    {
                        random.NextBytes(junk);
                    }

                    device.Append(FirstFile, junk);
                    (expectedRecords, expectedTorn, expectedLength) = (records, junk.Length, intact.Length);
                    break;
            }

            using (var recovered = harness.Open(device.FileSystem))
            {
                Assert.True(expectedTorn == recovered.RecoveredTornBytes, $"seed {seed}: torn bytes {recovered.RecoveredTornBytes}, expected {expectedTorn}");
                Assert.True(Enumerable.Range(0, expectedRecords).Select(i => (long)i).SequenceEqual(harness.ReplayedIds), $"seed {seed}: wrong replay");
                Assert.Equal(expectedLength, device.FileSystem.FileLength(FirstFile));
                await recovered.AppendAsync(WalHarness.Batch(100), null);
            }

            using (harness.Open(device.FileSystem))
            {
                Assert.Equal(expectedRecords + 1, harness.Replayed.Count);
                Assert.Equal(100, harness.ReplayedIds.Last());
            }
        }
    }

    [Theory]
    [MemberData(nameof(Devices.Both), MemberType = typeof(Devices))]
    public async Task A_bad_checksum_in_the_middle_is_refused_naming_the_file_and_offset(DeviceKind kind)
    {
        using var device = TestDevice.Create(kind);
        int damaged = await WriteRecords(device, 6, damage: 2, offsetInRecord: WalFormat.RecordHeaderSize + 3);

        var error = Assert.Throws<WalCorruptionException>(() => new WalHarness().Open(device.FileSystem));

        Assert.Equal(FirstFile, error.File);
        Assert.Equal(damaged, error.Offset);
        Assert.Contains(FirstFile, error.Message, StringComparison.Ordinal);
        Assert.Contains($"offset {damaged}", error.Message, StringComparison.Ordinal);
        Assert.Contains("checksum", error.Message, StringComparison.Ordinal);
    }

    [Theory]
    [MemberData(nameof(Devices.Both), MemberType = typeof(Devices))]
    public async Task A_damaged_length_in_the_middle_is_refused_rather_than_read_as_a_torn_tail(DeviceKind kind)
    {
        using var device = TestDevice.Create(kind);
        int damaged = await WriteRecords(device, 6, damage: 3, offsetInRecord: 1);

        var error = Assert.Throws<WalCorruptionException>(() => new WalHarness().Open(device.FileSystem));

        Assert.Equal(damaged, error.Offset);
    }

    [Theory]
    [MemberData(nameof(Devices.Both), MemberType = typeof(Devices))]
    public async Task A_bad_checksum_in_the_last_record_is_truncated_as_a_torn_write(DeviceKind kind)
    {
        using var device = TestDevice.Create(kind);
        int damaged = await WriteRecords(device, 6, damage: 5, offsetInRecord: WalFormat.RecordHeaderSize + 5);
        long length = device.FileSystem.FileLength(FirstFile);
        var harness = new WalHarness();

        using var wal = harness.Open(device.FileSystem);

        Assert.Equal([0L, 1, 2, 3, 4], harness.ReplayedIds);
        Assert.Equal(length - damaged, wal.RecoveredTornBytes);
        Assert.Equal(damaged, device.FileSystem.FileLength(FirstFile));
    }

    [Theory]
    [MemberData(nameof(Devices.Both), MemberType = typeof(Devices))]
    public async Task Damage_at_the_end_of_a_file_that_is_not_the_last_is_corruption(DeviceKind kind)
    {
        using var device = TestDevice.Create(kind);
        var harness = new WalHarness();
        using (var wal = harness.Open(device.FileSystem, options: WalHarness.Options(fileSize: 100)))
        {
            for (int i = 0; i < 6; i++)
            {
                await wal.AppendAsync(WalHarness.Batch(i, 60), null);
            }
        }

        byte[] first = device.FileSystem.ReadAllBytes(FirstFile);
        int last = WalHarness.RecordOffsets(first)[^1];
        device.Corrupt(FirstFile, first.Length - 1);

        var error = Assert.Throws<WalCorruptionException>(() => harness.Open(device.FileSystem));
        Assert.Equal(FirstFile, error.File);
        Assert.Equal(last, error.Offset);
    }

    [Theory]
    [MemberData(nameof(Devices.Both), MemberType = typeof(Devices))]
    public async Task A_last_file_shorter_than_its_header_is_deleted(DeviceKind kind)
    {
        using var device = TestDevice.Create(kind);
        await WriteRecords(device, 3, damage: -1, offsetInRecord: 0);
        string partial = WalHarness.Directory + "/" + WalFormat.FileName(4);
        device.Append(partial, WalFileBuilder.Header(4).AsSpan(0, 7));
        var harness = new WalHarness();

        using (var wal = harness.Open(device.FileSystem))
        {
            Assert.Equal(7, wal.RecoveredTornBytes);
            Assert.Equal([0L, 1, 2], harness.ReplayedIds);
            await wal.AppendAsync(WalHarness.Batch(3), null);
        }

        using (harness.Open(device.FileSystem))
        {
            Assert.Equal([0L, 1, 2, 3], harness.ReplayedIds);
        }
    }

    [Theory]
    [MemberData(nameof(Devices.Both), MemberType = typeof(Devices))]
    public void A_short_file_followed_by_another_is_corruption(DeviceKind kind)
    {
        using var device = TestDevice.Create(kind);
        device.FileSystem.CreateDirectory(WalHarness.Directory);
        device.Append(FirstFile, WalFileBuilder.Header(1).AsSpan(0, 7));
        device.Append(WalHarness.Directory + "/" + WalFormat.FileName(2), WalFileBuilder.File(1, WalFileBuilder.Record(1, WalHarness.Batch(0))));

        var error = Assert.Throws<WalCorruptionException>(() => new WalHarness().Open(device.FileSystem));
        Assert.Equal(FirstFile, error.File);
    }

    [Theory]
    [MemberData(nameof(Devices.Both), MemberType = typeof(Devices))]
    public void An_lsn_gap_inside_a_file_is_corruption(DeviceKind kind)
    {
        using var device = TestDevice.Create(kind);
        device.FileSystem.CreateDirectory(WalHarness.Directory);
        byte[] first = WalFileBuilder.Record(1, WalHarness.Batch(0));
        device.Append(FirstFile, WalFileBuilder.File(1, first, WalFileBuilder.Record(3, WalHarness.Batch(1))));

        var error = Assert.Throws<WalCorruptionException>(() => new WalHarness().Open(device.FileSystem));

        Assert.Equal(WalFormat.FileHeaderSize + first.Length, error.Offset);
        Assert.Contains("LSN 3, expected 2", error.Message, StringComparison.Ordinal);
    }

    [Theory]
    [MemberData(nameof(Devices.Both), MemberType = typeof(Devices))]
    public async Task A_missing_file_in_the_middle_of_the_log_is_corruption(DeviceKind kind)
    {
        using var device = TestDevice.Create(kind);
        var harness = new WalHarness();
        var options = WalHarness.Options(fileSize: 100);
        using (var wal = harness.Open(device.FileSystem, options: options))
        {
            for (int i = 0; i < 6; i++)
            {
                await wal.AppendAsync(WalHarness.Batch(i, 60), null);
            }
        }

        var files = WalHarness.Files(device.FileSystem);
        Assert.True(files.Count >= 3);
        device.FileSystem.Delete(files[1]);

        var error = Assert.Throws<WalCorruptionException>(() => harness.Open(device.FileSystem, options: options));
        Assert.Equal(files[2], error.File);
        Assert.Contains("LSN", error.Message, StringComparison.Ordinal);
    }

    [Theory]
    [MemberData(nameof(Devices.Both), MemberType = typeof(Devices))]
    public async Task A_log_that_starts_after_the_checkpoint_is_corruption(DeviceKind kind)
    {
        using var device = TestDevice.Create(kind);
        var harness = new WalHarness();
        var options = WalHarness.Options(fileSize: 100);
        using (var wal = harness.Open(device.FileSystem, options: options))
        {
            for (int i = 0; i < 6; i++)
            {
                await wal.AppendAsync(WalHarness.Batch(i, 60), null);
            }
        }

        var files = WalHarness.Files(device.FileSystem);
        device.FileSystem.Delete(files[0]);

        var error = Assert.Throws<WalCorruptionException>(() => harness.Open(device.FileSystem, checkpointLsn: 0, options));
        Assert.Equal(files[1], error.File);
    }

    [Theory]
    [MemberData(nameof(Devices.Both), MemberType = typeof(Devices))]
    public void A_bad_magic_number_or_version_is_corruption(DeviceKind kind)
    {
        using var device = TestDevice.Create(kind);
        device.FileSystem.CreateDirectory(WalHarness.Directory);
        byte[] file = WalFileBuilder.File(1, WalFileBuilder.Record(1, WalHarness.Batch(0)));
        device.Append(FirstFile, file);
        device.Corrupt(FirstFile, 4);

        var version = Assert.Throws<WalCorruptionException>(() => new WalHarness().Open(device.FileSystem));
        Assert.Equal(4, version.Offset);
        Assert.Contains("version", version.Message, StringComparison.Ordinal);

        device.Corrupt(FirstFile, 4);
        device.Corrupt(FirstFile, 0);
        var magic = Assert.Throws<WalCorruptionException>(() => new WalHarness().Open(device.FileSystem));
        Assert.Equal(0, magic.Offset);
        Assert.Contains("magic", magic.Message, StringComparison.Ordinal);
    }

    /// <summary>Writes <paramref name="count"/> one-batch records, then flips a byte of record
    /// <paramref name="damage"/> (none when negative); returns that record's offset.</summary>
    private static async Task<int> WriteRecords(TestDevice device, int count, int damage, int offsetInRecord)
    {
        using (var wal = new WalHarness().Open(device.FileSystem))
        {
            for (int i = 0; i < count; i++)
            {
                await wal.AppendAsync(WalHarness.Batch(i, 40), null);
            }
        }

        if (damage < 0)
        {
            return -1;
        }

        int offset = WalHarness.RecordOffsets(device.FileSystem.ReadAllBytes(FirstFile))[damage];
        device.Corrupt(FirstFile, offset + offsetInRecord);
        return offset;
    }
}
