using System.Runtime.InteropServices;
using Microsoft.Win32.SafeHandles;

namespace Metronome.Storage.Io;

/// <summary>
/// fsync of a directory, which makes a file's creation or rename durable. .NET cannot open a directory
/// as a file handle, so this opens it with open(2) on Linux; elsewhere it does nothing.
/// </summary>
internal static partial class DirectorySync
{
    public static void Sync(string directory)
    {
        if (!OperatingSystem.IsLinux())
        {
            return;
        }

        // Read-only and nothing else: O_DIRECTORY would only check what the caller knows, and its value
        // differs between architectures (on arm64, x86-64's value is O_DIRECT, refused for a directory).
        using var handle = LinuxOpen.Open(directory, LinuxOpen.ReadOnly | LinuxOpen.CloseOnExec);
        if (handle.IsInvalid)
        {
            throw new IOException($"cannot open directory {directory} to sync it (errno {Marshal.GetLastPInvokeError()})");
        }

        if (Fsync(handle) != 0)
        {
            throw new IOException($"fsync of directory {directory} failed (errno {Marshal.GetLastPInvokeError()})");
        }
    }

    [LibraryImport("libc", EntryPoint = "fsync", SetLastError = true)]
    private static partial int Fsync(SafeFileHandle fd);
}
