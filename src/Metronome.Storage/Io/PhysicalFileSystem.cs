using Microsoft.Win32.SafeHandles;

namespace Metronome.Storage.Io;

/// <summary>The real file system under a root directory.</summary>
public sealed class PhysicalFileSystem(string root) : IFileSystem
{
    public string Root { get; } = Path.GetFullPath(root);

    public bool FileExists(string path) => File.Exists(Full(path));

    public IReadOnlyList<string> ListFiles(string directory, string suffix)
    {
        string full = Full(directory);
        if (!Directory.Exists(full))
        {
            return [];
        }

        var names = Directory.EnumerateFiles(full, "*" + suffix).Select(Path.GetFileName).OfType<string>().ToList();
        names.Sort(StringComparer.Ordinal);
        return names;
    }

    public void CreateDirectory(string directory) => Directory.CreateDirectory(Full(directory));

    /// <summary>Written past the page cache where the file system allows (<see cref="DirectAppendFile"/>):
    /// the files appended to are the write-ahead log's, read back only after a crash.</summary>
    public IAppendableFile OpenAppend(string path)
    {
        string full = Full(path);
        bool existed = File.Exists(full);
        var file = (IAppendableFile?)DirectAppendFile.TryOpen(full) ?? new CachedAppendFile(full);
        if (!existed)
        {
            SyncDirectory(Path.GetDirectoryName(full)!);
        }

        return file;
    }

    public IReadableFile OpenRead(string path) => new ReadFile(Full(path));

    public IReadableFile OpenSequentialRead(string path) =>
        (IReadableFile?)DirectSequentialFile.TryOpen(Full(path)) ?? new ReadFile(Full(path));

    public byte[] ReadAllBytes(string path) => File.ReadAllBytes(Full(path));

    public void WriteAtomically(string path, ReadOnlySpan<byte> contents)
    {
        using var file = new StreamedAtomicFile(Full(path));
        file.Append(contents);
        file.Commit();
    }

    /// <summary>Written past the page cache where the file system allows (<see cref="DirectAtomicFile"/>):
    /// the files written in pieces are segments.</summary>
    public IAtomicFile CreateAtomically(string path) =>
        (IAtomicFile?)DirectAtomicFile.TryCreate(Full(path)) ?? new StreamedAtomicFile(Full(path));

    public void Delete(string path) => File.Delete(Full(path));

    public long FileLength(string path) => new FileInfo(Full(path)).Length;

    public long AvailableBytes() => new DriveInfo(Root).AvailableFreeSpace;

    /// <summary>A rename is durable only once its directory entry is: fsync the directory itself.</summary>
    internal static void SyncDirectory(string directory) => DirectorySync.Sync(directory);

    private string Full(string path) => Path.Combine(Root, path);

    private sealed class ReadFile(string path) : IReadableFile
    {
        private readonly SafeFileHandle _handle = File.OpenHandle(path, FileMode.Open, FileAccess.Read, FileShare.ReadWrite | FileShare.Delete);

        public long Length => RandomAccess.GetLength(_handle);

        public void Read(long offset, Span<byte> destination)
        {
            while (destination.Length > 0)
            {
                int read = RandomAccess.Read(_handle, destination, offset);
                if (read <= 0)
                {
                    throw new EndOfStreamException($"read past the end of {path} at offset {offset}");
                }

                destination = destination[read..];
                offset += read;
            }
        }

        public void Dispose() => _handle.Dispose();
    }
}
