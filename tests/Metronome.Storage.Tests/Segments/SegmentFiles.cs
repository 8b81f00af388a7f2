using Metronome.Storage.Io;
using Metronome.Core.Events;
using Metronome.Storage.Segments;
using Metronome.Storage.Tests.Support;

namespace Metronome.Storage.Tests.Segments;

/// <summary>Writes a segment the way sealing does and opens it again.</summary>
internal static class SegmentFiles
{
    public const string File = "000000000001.seg";
    public const string Path = "segments/" + File;

    public static Segment WriteAndOpen(TestDevice device, IEnumerable<Event> events, string app = "shop", string day = "2026-01-01")
    {
        device.FileSystem.CreateDirectory(EventStore.SegmentDirectory);
        var info = SegmentWriter.Write(device.FileSystem, Path, File, app, day, events.ToList());
        return Segment.Open(device.FileSystem, info);
    }

    public static Segment Reopen(TestDevice device, Segment segment)
    {
        segment.Dispose();
        return Segment.Open(device.FileSystem, segment.Info);
    }

    /// <summary>An in-memory file system with the segment directory made.</summary>
    public static MemoryFileSystem NewFileSystem()
    {
        var fs = new MemoryFileSystem();
        fs.CreateDirectory(EventStore.SegmentDirectory);
        return fs;
    }

    public static List<Event> ReadAll(Segment segment) => segment.Blocks.SelectMany(segment.Materialize).ToList();

    public static List<string> Signatures(IEnumerable<Event> events) => events.Select(TestEvents.Signature).Order(StringComparer.Ordinal).ToList();
}
