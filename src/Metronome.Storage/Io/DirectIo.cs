using System.Runtime.InteropServices;
using Microsoft.Win32.SafeHandles;

namespace Metronome.Storage.Io;

/// <summary>
/// Opening files for O_DIRECT, which .NET's FileOptions cannot ask for: reads and writes then go between
/// the device and the caller's memory, past the page cache, and must be aligned (<see cref="Alignment"/>)
/// in memory, offset and length. Used where the store streams whole files (<see cref="DirectAtomicFile"/>,
/// <see cref="DirectSequentialFile"/>).
/// </summary>
internal static partial class DirectIo
{
    /// <summary>Buffer, offset and length alignment: the page size covers every device's logical block size.</summary>
    public const int Alignment = PageCache.PageSize;

    /// <summary>Bytes per read or write: large enough that the device, not the calls, sets the pace.</summary>
    public const int PieceBytes = 4 << 20;

    // Linux x86-64 open(2) flags.
    private const int ReadOnly = 0x0;
    private const int WriteOnly = 0x1;
    private const int Create = 0x40;
    private const int Truncate = 0x200;
    private const int Direct = 0x4000;
    private const int CloseOnExec = 0x80000;

    /// <summary>Opens <paramref name="path"/> for direct reads, or creates (truncates) it for direct
    /// writes; null where O_DIRECT is not there: not Linux on x86-64, whose flag values these are, or a
    /// file system without it, such as tmpfs. The caller then goes through the page cache.</summary>
    public static SafeFileHandle? TryOpen(string path, bool write)
    {
        if (!OperatingSystem.IsLinux() || RuntimeInformation.ProcessArchitecture != Architecture.X64)
        {
            return null;
        }

        int flags = (write ? WriteOnly | Create | Truncate : ReadOnly) | Direct | CloseOnExec;
        var handle = new SafeFileHandle(Open(path, flags, 420 /* 0644 */), ownsHandle: true);
        if (!handle.IsInvalid)
        {
            return handle;
        }

        handle.Dispose();
        return null;
    }

    [LibraryImport("libc", EntryPoint = "open", SetLastError = true, StringMarshalling = StringMarshalling.Utf8)]
    private static partial int Open(string path, int flags, int mode);
}
