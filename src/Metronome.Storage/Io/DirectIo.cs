using System.Runtime.InteropServices;
using Microsoft.Win32.SafeHandles;

namespace Metronome.Storage.Io;

/// <summary>
/// Opening files for O_DIRECT, which .NET's FileOptions cannot ask for: reads and writes then go between
/// the device and the caller's memory, past the page cache, and must be aligned (<see cref="Alignment"/>)
/// in memory, offset and length. Used where the store streams whole files (<see cref="DirectAtomicFile"/>,
/// <see cref="DirectSequentialFile"/>) and for the write-ahead log (<see cref="DirectAppendFile"/>).
/// </summary>
internal static class DirectIo
{
    /// <summary>Buffer, offset and length alignment: the page size covers every device's logical block size.</summary>
    public const int Alignment = PageCache.PageSize;

    /// <summary>Bytes per read or write: large enough that the device, not the calls, sets the pace.</summary>
    public const int PieceBytes = 4 << 20;

    /// <summary>Freed pieces kept for the next file: a seal or merge writes a few files a second, and each
    /// new buffer's pages were faults to take (and, in a VM, host faults).</summary>
    private const int KeptPieces = 8;

    private static readonly System.Collections.Concurrent.ConcurrentBag<nint> FreePieces = [];

    /// <summary>An aligned buffer of <see cref="PieceBytes"/>, its bytes whatever its last use left.</summary>
    public static unsafe nint RentPiece() =>
        FreePieces.TryTake(out nint piece) ? piece : (nint)NativeMemory.AlignedAlloc(PieceBytes, Alignment);

    /// <summary>Takes back a buffer from <see cref="RentPiece"/>; nothing may use it any more.</summary>
    public static unsafe void ReturnPiece(nint piece)
    {
        if (FreePieces.Count < KeptPieces)
        {
            FreePieces.Add(piece);
        }
        else
        {
            NativeMemory.AlignedFree((void*)piece);
        }
    }

    /// <summary>How a file is opened.</summary>
    public enum Mode
    {
        /// <summary>Read an existing file.</summary>
        Read,

        /// <summary>Create the file, or empty it, and write it.</summary>
        Create,

        /// <summary>Read and write the file, creating it if needed, keeping what it holds.</summary>
        Append,
    }

    /// <summary>The file opened for direct I/O, or null where there is none: not Linux, an architecture
    /// whose O_DIRECT value is not known (<see cref="LinuxOpen.DirectFlag"/>), or a file system that
    /// refuses it at open (tmpfs) or at the first transfer (some FUSE file systems accept the flag and then
    /// refuse every read or write). The caller then goes through the page cache.</summary>
    public static SafeFileHandle? TryOpen(string path, Mode mode)
    {
        if (!OperatingSystem.IsLinux() || LinuxOpen.Direct is not int direct)
        {
            return null;
        }

        int flags = mode switch
        {
            Mode.Read => LinuxOpen.ReadOnly,
            Mode.Create => LinuxOpen.WriteOnly | LinuxOpen.Create | LinuxOpen.Truncate,
            _ => LinuxOpen.ReadWrite | LinuxOpen.Create,
        };
        var handle = LinuxOpen.Open(path, flags | direct | LinuxOpen.CloseOnExec);
        if (!handle.IsInvalid && Transfers(handle, mode))
        {
            return handle;
        }

        handle.Dispose();
        return null;
    }

    /// <summary>Whether one aligned page goes through: read from the start of a file to read; written to
    /// a new file (cut off again after). A file to append to proves itself (<see cref="DirectAppendFile"/>):
    /// its page to write is its last.</summary>
    private static unsafe bool Transfers(SafeFileHandle handle, Mode mode)
    {
        if (mode == Mode.Append)
        {
            return true;
        }

        void* page = NativeMemory.AlignedAlloc(Alignment, Alignment);
        try
        {
            var span = new Span<byte>(page, Alignment);
            if (mode == Mode.Read)
            {
                RandomAccess.Read(handle, span, 0);
                return true;
            }

            span.Clear();
            RandomAccess.Write(handle, span, 0);
            RandomAccess.SetLength(handle, 0);
            return true;
        }
        catch (IOException)
        {
            return false;
        }
        finally
        {
            NativeMemory.AlignedFree(page);
        }
    }
}
