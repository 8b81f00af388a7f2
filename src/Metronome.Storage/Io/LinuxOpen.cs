using System.Runtime.InteropServices;
using Microsoft.Win32.SafeHandles;

namespace Metronome.Storage.Io;

/// <summary>
/// open(2) on Linux, for what .NET's file APIs cannot ask for (O_DIRECT, a directory as a handle). The flag
/// values are the kernel's per architecture: most follow the generic table, but arm64 (and 32-bit arm)
/// swap O_DIRECTORY and O_DIRECT, so a value right on x86-64 opens a directory for direct I/O on arm64,
/// which the kernel refuses.
/// </summary>
internal static partial class LinuxOpen
{
    public const int ReadOnly = 0x0;
    public const int WriteOnly = 0x1;
    public const int ReadWrite = 0x2;
    public const int Create = 0x40;
    public const int Truncate = 0x200;
    public const int CloseOnExec = 0x80000;

    /// <summary>O_DIRECT here, or null on an architecture whose value is not known.</summary>
    public static int? Direct => DirectFlag(RuntimeInformation.ProcessArchitecture);

    /// <summary>O_DIRECT for <paramref name="architecture"/>: 0x4000 in the generic table (x86-64, riscv64,
    /// loongarch64, s390x), 0x10000 on arm and arm64; null for the rest (powerpc has yet another value).</summary>
    public static int? DirectFlag(Architecture architecture) => architecture switch
    {
        Architecture.X64 or Architecture.X86 or Architecture.RiscV64 or Architecture.LoongArch64 or Architecture.S390x => 0x4000,
        Architecture.Arm64 or Architecture.Arm => 0x10000,
        _ => null,
    };

    /// <summary>Opens <paramref name="path"/>; an invalid handle (check <c>IsInvalid</c>, errno in
    /// <see cref="Marshal.GetLastPInvokeError"/>) when it cannot be.</summary>
    public static SafeFileHandle Open(string path, int flags, int mode = 420 /* 0644 */) =>
        new(OpenFd(path, flags, mode), ownsHandle: true);

    [LibraryImport("libc", EntryPoint = "open", SetLastError = true, StringMarshalling = StringMarshalling.Utf8)]
    private static partial nint OpenFd(string path, int flags, int mode);
}
