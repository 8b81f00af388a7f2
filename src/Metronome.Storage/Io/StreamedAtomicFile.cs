namespace Metronome.Storage.Io;

/// <summary>
/// Writes a temporary file as the pieces come, then on commit syncs it, renames it over the target and
/// syncs the directory (<see cref="PhysicalFileSystem.WriteAtomically"/> is this with one piece). A file never
/// committed is deleted on dispose (after a crash, the store's start-up removes stray temporary files).
/// </summary>
internal sealed class StreamedAtomicFile : IAtomicFile
{
    private readonly string _target;
    private readonly string _temp;
    private readonly FileStream _stream;
    private readonly Writeback _writeback;
    private bool _committed;

    public StreamedAtomicFile(string target)
    {
        _target = target;
        _temp = target + ".tmp";
        // Unbuffered: callers append pieces of a megabyte or more.
        _stream = new FileStream(_temp, FileMode.Create, FileAccess.Write, FileShare.None, bufferSize: 0);
        _writeback = new Writeback(_stream.SafeFileHandle);
    }

    public void Append(ReadOnlySpan<byte> data)
    {
        _stream.Write(data);
        _writeback.Written(_stream.Position);
    }

    public void Commit()
    {
        _stream.Flush(flushToDisk: true);
        // Whoever reads the file next (a merge, a query) caches what it reads.
        PageCache.Drop(_stream.SafeFileHandle, 0, _stream.Length);

        _stream.Dispose();
        File.Move(_temp, _target, overwrite: true);
        PhysicalFileSystem.SyncDirectory(Path.GetDirectoryName(_target)!);
        _committed = true;
    }

    public void Dispose()
    {
        _stream.Dispose();
        if (!_committed)
        {
            File.Delete(_temp);
        }
    }
}
