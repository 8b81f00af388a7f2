using Metronome.Storage.Checksums;
using Metronome.Storage.Io;
using Metronome.Storage.Segments;
using Metronome.Storage.Tests.Support;

namespace Metronome.Storage.Tests.Segments;

/// <summary>Segments are written to their file as they are encoded, and appear whole or not at all.</summary>
public class SegmentOutputTests
{
    [Theory]
    [MemberData(nameof(Devices.Both), MemberType = typeof(Devices))]
    public void Chunks_flushed_along_the_way_keep_file_offsets_and_checksums(DeviceKind kind)
    {
        using var device = TestDevice.Create(kind);
        device.FileSystem.CreateDirectory("segments");
        var random = new Random(3);
        var expected = new List<byte>();
        var chunks = new List<(ChunkRef Ref, byte[] Bytes)>();
        using (var output = new SegmentOutput(device.FileSystem.CreateAtomically("segments/a.seg"), flushBytes: 1000))
        {
            for (int i = 0; i < 50; i++)
            {
                var bytes = new byte[random.Next(0, 700)];
                random.NextBytes(bytes);
                long offset = output.WrittenCount;
                bytes.CopyTo(output.GetSpan(bytes.Length));
                output.Advance(bytes.Length);
                chunks.Add((output.EndChunk(offset), bytes));
                expected.AddRange(bytes);
                output.FlushIfFull();
            }

            Assert.False(device.FileSystem.FileExists("segments/a.seg")); // not before the commit
            output.Commit();
        }

        var written = device.FileSystem.ReadAllBytes("segments/a.seg");
        Assert.Equal(expected, written);
        foreach (var (chunk, bytes) in chunks)
        {
            Assert.Equal(bytes, written.AsSpan((int)chunk.Offset, chunk.Length).ToArray());
            Assert.Equal(Crc32C.Compute(bytes), chunk.Crc);
        }
    }

    [Fact]
    public void A_chunk_that_was_flushed_cannot_be_ended_any_more()
    {
        using var output = new SegmentOutput(((IFileSystem)new MemoryFileSystem()).CreateAtomically("x"), flushBytes: 4);
        output.GetSpan(8)[..8].Fill(1);
        output.Advance(8);
        output.FlushIfFull();
        Assert.Throws<InvalidOperationException>(() => output.EndChunk(0));
    }

    [Theory]
    [MemberData(nameof(Devices.Both), MemberType = typeof(Devices))]
    public void A_file_disposed_without_a_commit_leaves_nothing_behind(DeviceKind kind)
    {
        using var device = TestDevice.Create(kind);
        device.FileSystem.CreateDirectory("segments");
        using (var file = device.FileSystem.CreateAtomically("segments/b.seg"))
        {
            file.Append([1, 2, 3]);
        }

        Assert.Empty(device.FileSystem.ListFiles("segments", ""));
    }

    [Fact]
    public async Task A_temporary_segment_left_by_a_crash_is_removed_when_the_store_opens()
    {
        using var device = TestDevice.Create(DeviceKind.Directory);
        await EventStore.Open(device.FileSystem, TestStores.Options()).DisposeAsync();
        // What a crash in the middle of writing a segment leaves: its temporary file.
        File.WriteAllBytes(Path.Combine(device.Root!, EventStore.SegmentDirectory, "000000000010.seg.tmp"), new byte[4096]);

        await using var store = EventStore.Open(device.FileSystem, TestStores.Options());
        Assert.Empty(device.FileSystem.ListFiles(EventStore.SegmentDirectory, ".tmp"));
    }
}
