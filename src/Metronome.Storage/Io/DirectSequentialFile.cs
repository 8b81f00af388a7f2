using System.Runtime.InteropServices;
using Microsoft.Win32.SafeHandles;

namespace Metronome.Storage.Io;

/// <summary>
/// A file read once, mostly front to back (a merge's sources), with O_DIRECT (Linux): aligned
/// 4 MiB windows are read into one aligned buffer and reads are served from it, a read outside the
/// window reading the window that holds it. Through the page cache, every 4 KiB read was a new page to
/// allocate and, in a VM, to fault in before the copy out of it, so compaction's reads of segments
/// written moments before cost as much as its writes; the files are deleted right after anyway.
/// </summary>
internal sealed class DirectSequentialFile : IReadableFile
{
    private const int Alignment = DirectIo.Alignment;

    private const int WindowBytes = DirectIo.PieceBytes;

    private readonly string _path;
    private readonly SafeFileHandle _handle;
    private readonly unsafe byte* _window;
    private long _windowStart;
    private int _windowLength;
    private bool _disposed;

    private unsafe DirectSequentialFile(string path, SafeFileHandle handle)
    {
        _path = path;
        _handle = handle;
        _window = (byte*)DirectIo.RentPiece();
        Length = RandomAccess.GetLength(handle);
    }

    public long Length { get; }

    /// <summary>The file, or null where O_DIRECT is not there (<see cref="DirectIo.TryOpen"/>).</summary>
    public static DirectSequentialFile? TryOpen(string path) =>
        DirectIo.TryOpen(path, DirectIo.Mode.Read) is { } handle ? new DirectSequentialFile(path, handle) : null;

    public unsafe void Read(long offset, Span<byte> destination)
    {
        while (destination.Length > 0)
        {
            long inWindow = offset - _windowStart;
            if (inWindow < 0 || inWindow >= _windowLength)
            {
                Fill(offset);
                inWindow = offset - _windowStart;
            }

            int take = (int)Math.Min(destination.Length, _windowLength - inWindow);
            new ReadOnlySpan<byte>(_window + inWindow, take).CopyTo(destination);
            destination = destination[take..];
            offset += take;
        }
    }

    public unsafe void Dispose()
    {
        if (_disposed)
        {
            return;
        }

        _disposed = true;
        _handle.Dispose();
        DirectIo.ReturnPiece((nint)_window);
    }

    /// <summary>Reads the window holding <paramref name="offset"/> (cut short at the end of the file).</summary>
    private unsafe void Fill(long offset)
    {
        long start = offset / Alignment * Alignment;
        int read = 0;
        while (read < WindowBytes)
        {
            int n = RandomAccess.Read(_handle, new Span<byte>(_window + read, WindowBytes - read), start + read);
            if (n <= 0)
            {
                break;
            }

            read += n;
            if (n % Alignment != 0)
            {
                break; // the end of the file: a direct read past it returns what there is
            }
        }

        _windowStart = start;
        _windowLength = read;
        if (offset - start >= read)
        {
            throw new EndOfStreamException($"read past the end of {_path} at offset {offset}");
        }
    }
}
