using System.Runtime.InteropServices;
using Microsoft.Win32.SafeHandles;

namespace Metronome.Storage.Io;

/// <summary>
/// Lets go of a file's pages in the kernel's page cache once they are on disk (posix_fadvise
/// POSIX_FADV_DONTNEED on Linux; nothing elsewhere). The store writes far more than it reads back soon:
/// the log is read only after a crash, and a segment is read by a later merge or query, which caches
/// what it reads. Kept, the written pages made the cache grow by every byte written, and every new
/// page is one the kernel must find and zero; in a virtual machine whose free memory is handed back to
/// the host (virtio-mem, free page reporting) a new page costs a host fault too. Writing 2 GB went at
/// ~350 MB/s that way and at ~1.2 GB/s with the written pages dropped, so the drain load's copies into
/// the cache took a sixth of its CPU. Dropped pages are reused by the next writes while still backed.
/// </summary>
internal static partial class PageCache
{
    public const int PageSize = 4096;

    private const int DontNeed = 4;

    /// <summary>Drops the cached pages wholly inside [offset, offset + bytes). Only clean pages go, so
    /// call it once they are written (after fsync or a waited sync_file_range). A hint: failures are
    /// ignored, the data is durable either way.</summary>
    public static void Drop(SafeFileHandle file, long offset, long bytes)
    {
        if (!OperatingSystem.IsLinux() || bytes <= 0)
        {
            return;
        }

        _ = Fadvise(file, offset, bytes, DontNeed);
    }

    /// <summary>How many of the first <paramref name="bytes"/> bytes' pages are in the page cache
    /// (mincore(2) over a read-only mapping); -1 where that cannot be asked.</summary>
    internal static unsafe long ResidentPages(SafeFileHandle file, long bytes)
    {
        if (!OperatingSystem.IsLinux())
        {
            return -1;
        }

        if (bytes <= 0)
        {
            return 0;
        }

        const int ProtRead = 1, MapShared = 1;
        nint map = Mmap(0, (nuint)bytes, ProtRead, MapShared, file, 0);
        if (map == -1)
        {
            return -1;
        }

        try
        {
            var pages = new byte[(bytes + PageSize - 1) / PageSize];
            fixed (byte* vector = pages)
            {
                if (Mincore(map, (nuint)bytes, vector) != 0)
                {
                    return -1;
                }
            }

            return pages.Count(p => (p & 1) != 0);
        }
        finally
        {
            _ = Munmap(map, (nuint)bytes);
        }
    }

    [LibraryImport("libc", EntryPoint = "posix_fadvise")]
    private static partial int Fadvise(SafeFileHandle fd, long offset, long bytes, int advice);

    [LibraryImport("libc", EntryPoint = "mmap")]
    private static partial nint Mmap(nint address, nuint length, int protection, int flags, SafeFileHandle fd, long offset);

    [LibraryImport("libc", EntryPoint = "munmap")]
    private static partial int Munmap(nint address, nuint length);

    [LibraryImport("libc", EntryPoint = "mincore")]
    private static unsafe partial int Mincore(nint address, nuint length, byte* vector);
}
