namespace Metronome.Storage.Io;

/// <summary>
/// The store's only door to files, so that every storage test can run against a real directory and
/// against <see cref="MemoryFileSystem"/>, which can also simulate a crash that loses unsynced bytes.
/// Paths are relative to the file system's root and use '/'.
/// </summary>
public interface IFileSystem
{
    bool FileExists(string path);

    /// <summary>File names (not paths) in a directory matching a suffix, sorted ordinally.</summary>
    IReadOnlyList<string> ListFiles(string directory, string suffix);

    void CreateDirectory(string directory);

    /// <summary>Opens (creating if needed) a file for appending at its end.</summary>
    IAppendableFile OpenAppend(string path);

    IReadableFile OpenRead(string path);

    /// <summary>Opens a file to be read once, front to back (a merge's sources). The physical file system
    /// reads it past the page cache (<see cref="DirectSequentialFile"/>); by default it is <see cref="OpenRead"/>.</summary>
    IReadableFile OpenSequentialRead(string path) => OpenRead(path);

    byte[] ReadAllBytes(string path);

    /// <summary>Replaces a file atomically and durably: write a temporary file, sync it, rename it over
    /// the target, sync the directory. Readers see the old or the new file, never a mix.</summary>
    void WriteAtomically(string path, ReadOnlySpan<byte> contents);

    /// <summary>A new file written in pieces that, like <see cref="WriteAtomically"/>, appears whole on
    /// <see cref="IAtomicFile.Commit"/> or not at all: segments are written as they are encoded instead of
    /// being assembled in memory first. By default the pieces are gathered and written atomically at the
    /// end (test file systems keep their fault injection that way).</summary>
    IAtomicFile CreateAtomically(string path) => new GatheredAtomicFile(this, path);

    void Delete(string path);

    long FileLength(string path);

    /// <summary>Bytes free for the store, to refuse writes before the disk is full.</summary>
    long AvailableBytes();
}

/// <summary>An append-only file; <see cref="Sync"/> makes everything appended so far durable.</summary>
public interface IAppendableFile : IDisposable
{
    long Length { get; }

    void Append(ReadOnlySpan<byte> data);

    void Sync();

    void Truncate(long length);
}

/// <summary>Random-access reads of an immutable file.</summary>
public interface IReadableFile : IDisposable
{
    long Length { get; }

    void Read(long offset, Span<byte> destination);
}
