using Microsoft.Win32.SafeHandles;

namespace Metronome.Storage.Io;

/// <summary>An append-only file written through the page cache: the write-ahead log where O_DIRECT is
/// refused (<see cref="DirectAppendFile"/>).</summary>
internal sealed class CachedAppendFile : IAppendableFile
{
    private readonly SafeFileHandle _handle;
    private long _length;
    /// <summary>Where the pages still cached start: those before it were dropped once synced.</summary>
    private long _cachedFrom;

    public CachedAppendFile(string path)
    {
        _handle = File.OpenHandle(path, FileMode.OpenOrCreate, FileAccess.ReadWrite, FileShare.Read);
        _length = RandomAccess.GetLength(_handle);
    }

    public long Length => _length;

    public void Append(ReadOnlySpan<byte> data)
    {
        RandomAccess.Write(_handle, data, _length);
        _length += data.Length;
    }

    /// <summary>Makes the appended bytes durable, then drops their whole pages from the page cache: the
    /// log is read back only after a crash. The last, partly written page stays, or the next append
    /// would read it back from disk first.</summary>
    public void Sync()
    {
        RandomAccess.FlushToDisk(_handle);
        long whole = _length / PageCache.PageSize * PageCache.PageSize;
        if (whole > _cachedFrom)
        {
            PageCache.Drop(_handle, _cachedFrom, whole - _cachedFrom);
            _cachedFrom = whole;
        }
    }

    public void Truncate(long length)
    {
        RandomAccess.SetLength(_handle, length);
        RandomAccess.FlushToDisk(_handle);
        _length = length;
        _cachedFrom = Math.Min(_cachedFrom, length / PageCache.PageSize * PageCache.PageSize);
    }

    public void Dispose() => _handle.Dispose();
}
