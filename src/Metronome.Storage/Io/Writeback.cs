using System.Runtime.InteropServices;
using Microsoft.Win32.SafeHandles;

namespace Metronome.Storage.Io;

/// <summary>
/// Starts the kernel writing a file's pages as a long write goes (sync_file_range(2) on Linux, nothing
/// elsewhere), and waits for the range written before that one. Without it a segment's hundreds of
/// megabytes stay dirty until its final fsync, and the log's fsync (ext4 commits its journal for every
/// file's pending data) waits behind all of them: requests stalled for up to a second under drain load.
/// With it at most two ranges are dirty at a time, so the final fsync and the log's are short. A range
/// once on disk is dropped from the page cache (<see cref="PageCache"/>).
/// </summary>
internal sealed partial class Writeback(SafeFileHandle file, long rangeBytes = Writeback.DefaultRangeBytes)
{
    public const long DefaultRangeBytes = 8L << 20;

    private const uint WaitBefore = 1;
    private const uint Write = 2;
    private const uint WaitAfter = 4;

    private long _started;
    private long _previousStart;
    private bool _failed;

    /// <summary>How many ranges have been handed to the kernel (tests).</summary>
    internal int RangesStarted { get; private set; }

    /// <summary>Call after appending: <paramref name="written"/> is the file's length so far.</summary>
    public void Written(long written)
    {
        if (_failed || !OperatingSystem.IsLinux() || written - _started < rangeBytes)
        {
            return;
        }

        // Wait for the previous range (bounding what is dirty), then start writing this one. A length
        // of zero would mean "to the end of the file", hence the check.
        bool ok = (_started == _previousStart || SyncFileRange(file, _previousStart, _started - _previousStart, WaitBefore | Write | WaitAfter) == 0)
            && SyncFileRange(file, _started, written - _started, Write) == 0;
        // A hint only: the commit's fsync is what makes the file durable, so a file system without
        // support (EINVAL, ESPIPE) just stops getting hints.
        _failed = !ok;
        if (ok && _started != _previousStart)
        {
            // Now on disk, and a segment being written is not read before it is committed.
            PageCache.Drop(file, _previousStart, _started - _previousStart);
        }

        RangesStarted += ok ? 1 : 0;
        _previousStart = _started;
        _started = written;
    }

    [LibraryImport("libc", EntryPoint = "sync_file_range", SetLastError = true)]
    private static partial int SyncFileRange(SafeFileHandle fd, long offset, long bytes, uint flags);
}
