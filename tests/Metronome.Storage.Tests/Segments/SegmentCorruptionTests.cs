using System.Buffers.Binary;
using Metronome.Core.Events;
using Metronome.Storage.Encoding;
using Metronome.Storage.Scanning;
using Metronome.Storage.Segments;
using Metronome.Storage.Tests.Support;

namespace Metronome.Storage.Tests.Segments;

public class SegmentCorruptionTests
{
    [Theory]
    [MemberData(nameof(Devices.Both), MemberType = typeof(Devices))]
    public void A_damaged_footer_is_refused_on_open_naming_the_file(DeviceKind kind)
    {
        using var device = TestDevice.Create(kind);
        var (footerOffset, _) = WriteSample(device);

        device.Corrupt(SegmentFiles.Path, footerOffset + 2);

        var error = Assert.Throws<CorruptDataException>(() => Open(device));
        Assert.Contains(SegmentFiles.File, error.Message, StringComparison.Ordinal);
        Assert.Contains("footer checksum", error.Message, StringComparison.Ordinal);
    }

    [Theory]
    [MemberData(nameof(Devices.Both), MemberType = typeof(Devices))]
    public void A_trailer_pointing_outside_the_file_is_refused(DeviceKind kind)
    {
        using var device = TestDevice.Create(kind);
        var (_, length) = WriteSample(device);
        byte[] huge = new byte[8];
        BinaryPrimitives.WriteInt64LittleEndian(huge, length * 2);

        device.Overwrite(SegmentFiles.Path, length - SegmentFormat.TrailerSize, huge);

        var error = Assert.Throws<CorruptDataException>(() => Open(device));
        Assert.Contains("outside the file", error.Message, StringComparison.Ordinal);
    }

    [Theory]
    [MemberData(nameof(Devices.Both), MemberType = typeof(Devices))]
    public void Unknown_versions_and_bad_magic_numbers_are_refused(DeviceKind kind)
    {
        using var device = TestDevice.Create(kind);
        var (_, length) = WriteSample(device);
        long trailerVersion = length - 8;
        long trailerMagic = length - 4;

        foreach (var (offset, expected) in new[] { (4L, "version"), (0L, "magic"), (trailerVersion, "version"), (trailerMagic, "magic") })
        {
            device.Corrupt(SegmentFiles.Path, offset);
            var error = Assert.Throws<CorruptDataException>(() => Open(device));
            Assert.Contains(expected, error.Message, StringComparison.Ordinal);
            Assert.Contains(SegmentFiles.File, error.Message, StringComparison.Ordinal);
            device.Corrupt(SegmentFiles.Path, offset);
        }

        Open(device).Dispose();
    }

    [Theory]
    [MemberData(nameof(Devices.Both), MemberType = typeof(Devices))]
    public void A_truncated_segment_is_refused(DeviceKind kind)
    {
        using var device = TestDevice.Create(kind);
        var (_, length) = WriteSample(device);

        device.Truncate(SegmentFiles.Path, length - 5);

        Assert.Throws<CorruptDataException>(() => Open(device));
    }

    [Theory]
    [MemberData(nameof(Devices.Both), MemberType = typeof(Devices))]
    public void A_damaged_chunk_is_caught_by_its_checksum_on_read_and_by_verify(DeviceKind kind)
    {
        using var device = TestDevice.Create(kind);
        WriteSample(device);
        ChunkRef values;
        using (var segment = Open(device))
        {
            values = segment.ChunkOf(segment.Blocks[0], Assert.Single(segment.ColumnsFor("count")))!.Values;
        }

        device.Corrupt(SegmentFiles.Path, values.Offset + (values.Length / 2));

        using var damaged = Open(device);
        var error = Assert.Throws<CorruptDataException>(() => damaged.Scan(new ScanQuery { App = "shop" }).ToList());
        Assert.Contains(SegmentFiles.File, error.Message, StringComparison.Ordinal);
        var problem = Assert.Single(damaged.Verify());
        Assert.Contains(SegmentFiles.File, problem, StringComparison.Ordinal);
        Assert.Contains($"offset {values.Offset}", problem, StringComparison.Ordinal);
    }

    [Theory]
    [MemberData(nameof(Devices.Both), MemberType = typeof(Devices))]
    public async Task Store_verify_reports_a_damaged_dictionary_with_the_segment_file(DeviceKind kind)
    {
        using var device = TestDevice.Create(kind);
        await using (var store = TestStores.Open(device.FileSystem))
        {
            await store.AppendAsync(TestEvents.Range(0, 30));
            store.RunMaintenance(force: true);
            Assert.Empty(store.Verify());
        }

        var file = Assert.Single(device.FileSystem.ListFiles(EventStore.SegmentDirectory, ".seg"));
        device.Corrupt(EventStore.SegmentDirectory + "/" + file, SegmentFormat.HeaderSize + 1);

        await using var reopened = TestStores.Open(device.FileSystem);
        var problem = Assert.Single(reopened.Verify());
        Assert.Contains(file, problem, StringComparison.Ordinal);
        Assert.Contains("checksum", problem, StringComparison.Ordinal);
    }

    private static Segment Open(TestDevice device) =>
        Segment.Open(device.FileSystem, new Manifest.SegmentInfo(SegmentFiles.File, "shop", "2026-01-01", 50, 0, 0, 0));

    /// <summary>Writes a small segment; returns its footer offset and file length.</summary>
    private static (long FooterOffset, long Length) WriteSample(TestDevice device)
    {
        var events = Enumerable.Range(0, 50).Select(i => new Event("shop", "view", TestEvents.Day0Us + i, TestEvents.Day0Us,
            [new("count", (long)i * 1_000_003), new("country", i % 2 == 0 ? "DE" : "FR")])).ToList();
        SegmentFiles.WriteAndOpen(device, events).Dispose();
        byte[] bytes = device.FileSystem.ReadAllBytes(SegmentFiles.Path);
        return (BinaryPrimitives.ReadInt64LittleEndian(bytes.AsSpan(bytes.Length - SegmentFormat.TrailerSize)), bytes.Length);
    }
}
