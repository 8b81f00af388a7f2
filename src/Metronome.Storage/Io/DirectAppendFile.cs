using System.Runtime.InteropServices;
using Microsoft.Win32.SafeHandles;

namespace Metronome.Storage.Io;

/// <summary>
/// An append-only file written with O_DIRECT (Linux): the write-ahead log. Each append goes to the
/// device at once, from the start of the last, partly written page: that page's bytes are kept in an
/// aligned buffer, the new bytes go after them and the rest of the page is zeros, so every write is
/// whole pages. The next append writes the same page again with more in it. Through the page cache, each
/// group commit copied its record into fresh pages, which the fsync then wrote back and the log dropped
/// (it is read only after a crash); under a drain's load that was a few percent of the server's CPU.
/// <para>
/// The file on disk is thus its <see cref="Length"/> rounded up to a page, the end zeros. Closing cuts it
/// to its length; after a crash, recovery drops the zeros with any torn record (nothing there was
/// acknowledged). Rewriting a page that holds acknowledged records cannot lose them: their bytes are
/// written again unchanged.
/// </para>
/// </summary>
internal sealed unsafe class DirectAppendFile : IAppendableFile
{
    private const int Alignment = DirectIo.Alignment;

    private readonly SafeFileHandle _handle;
    /// <summary>Starts with the bytes of the last partial page (<see cref="_length"/> modulo the page size).</summary>
    private byte* _buffer;
    private int _capacity;
    private long _length;
    private bool _disposed;

    private DirectAppendFile(SafeFileHandle handle)
    {
        _handle = handle;
        _capacity = 1 << 20;
        _buffer = (byte*)NativeMemory.AlignedAlloc((nuint)_capacity, Alignment);
        _length = RandomAccess.GetLength(handle);
        LoadLastPage();
    }

    /// <summary>Opens (creating it if needed) the file at its end; null where O_DIRECT is not there
    /// (<see cref="DirectIo.TryOpen"/>), or the file's last page cannot be written back through it.</summary>
    public static DirectAppendFile? TryOpen(string path)
    {
        if (DirectIo.TryOpen(path, DirectIo.Mode.Append) is not { } handle)
        {
            return null;
        }

        DirectAppendFile? file = null;
        try
        {
            file = new DirectAppendFile(handle);
            file.ProveWrites();
            return file;
        }
        catch (IOException)
        {
            if (file is not null)
            {
                file.Dispose();
            }
            else
            {
                handle.Dispose();
            }

            return null;
        }
    }

    public long Length => _length;

    /// <summary>Bytes of the last page that are the file's (the page starts at <see cref="_length"/> less these).</summary>
    private int PartialBytes => (int)(_length % Alignment);

    public void Append(ReadOnlySpan<byte> data)
    {
        int partial = PartialBytes;
        int end = partial + data.Length;
        Reserve(end + Alignment);
        data.CopyTo(new Span<byte>(_buffer + partial, data.Length));
        WriteLastPage(end);
        _length += data.Length;

        // Keep the new last partial page at the front of the buffer for the next append.
        int kept = PartialBytes;
        if (kept > 0 && end - kept > 0)
        {
            Buffer.MemoryCopy(_buffer + end - kept, _buffer, kept, kept);
        }
    }

    /// <summary>The bytes are on the device already (written in <see cref="Append"/>); fsync makes them,
    /// and the file's new size, durable.</summary>
    public void Sync() => RandomAccess.FlushToDisk(_handle);

    public void Truncate(long length)
    {
        RandomAccess.SetLength(_handle, length);
        RandomAccess.FlushToDisk(_handle);
        _length = length;
        LoadLastPage();
    }

    public void Dispose()
    {
        if (_disposed)
        {
            return;
        }

        _disposed = true;
        try
        {
            // Without the zeros after the last record, a clean shutdown leaves nothing for recovery to drop.
            if (RandomAccess.GetLength(_handle) != _length)
            {
                RandomAccess.SetLength(_handle, _length);
                RandomAccess.FlushToDisk(_handle);
            }
        }
        catch (IOException)
        {
            // Recovery drops the zeros instead.
        }

        _handle.Dispose();
        NativeMemory.AlignedFree(_buffer);
        _buffer = null;
    }

    /// <summary>Writes the buffer's first <paramref name="bytes"/> from the start of the last partial page,
    /// zeros to the end of the page.</summary>
    private void WriteLastPage(int bytes)
    {
        int padded = (bytes + Alignment - 1) / Alignment * Alignment;
        if (padded == 0)
        {
            return;
        }

        new Span<byte>(_buffer + bytes, padded - bytes).Clear();
        RandomAccess.Write(_handle, new ReadOnlySpan<byte>(_buffer, padded), _length - PartialBytes);
    }

    /// <summary>Reads the last partial page's bytes into the front of the buffer.</summary>
    private void LoadLastPage()
    {
        int partial = PartialBytes;
        // A direct read is a whole page; at the end of the file it returns the bytes there are.
        if (partial > 0 && RandomAccess.Read(_handle, new Span<byte>(_buffer, Alignment), _length - partial) < partial)
        {
            throw new EndOfStreamException($"the last page of the log ends before its length {_length}");
        }
    }

    /// <summary>Writes a page where it changes nothing (the last partial page as it is, or zeros past the
    /// end, cut off again): some file systems accept O_DIRECT at open and refuse every write.</summary>
    private void ProveWrites()
    {
        if (PartialBytes > 0)
        {
            WriteLastPage(PartialBytes);
            return;
        }

        new Span<byte>(_buffer, Alignment).Clear();
        RandomAccess.Write(_handle, new ReadOnlySpan<byte>(_buffer, Alignment), _length);
        RandomAccess.SetLength(_handle, _length);
    }

    private void Reserve(int bytes)
    {
        if (bytes <= _capacity)
        {
            return;
        }

        int capacity = Math.Max(bytes, _capacity * 2);
        var bigger = (byte*)NativeMemory.AlignedAlloc((nuint)capacity, Alignment);
        Buffer.MemoryCopy(_buffer, bigger, capacity, PartialBytes);
        NativeMemory.AlignedFree(_buffer);
        _buffer = bigger;
        _capacity = capacity;
    }
}
