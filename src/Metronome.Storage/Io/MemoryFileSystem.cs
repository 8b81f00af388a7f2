namespace Metronome.Storage.Io;

/// <summary>
/// An in-memory file system for tests. It remembers which bytes were synced, so <see cref="Crash"/>
/// can model a power loss: unsynced appends vanish, or survive only in part (a torn write).
/// </summary>
public sealed class MemoryFileSystem : IFileSystem
{
    private readonly Dictionary<string, MemoryFile> _files = new(StringComparer.Ordinal);
    private readonly object _gate = new();

    /// <summary>Bytes reported free; tests lower it to simulate a full disk.</summary>
    public long FreeBytes { get; set; } = long.MaxValue / 2;

    /// <summary>When set, every append and sync throws an <see cref="IOException"/> (a failing device).</summary>
    public bool FailWrites { get; set; }

    public bool FileExists(string path)
    {
        lock (_gate)
        {
            return _files.ContainsKey(Normalize(path));
        }
    }

    public IReadOnlyList<string> ListFiles(string directory, string suffix)
    {
        string prefix = Normalize(directory).TrimEnd('/') + "/";
        lock (_gate)
        {
            var names = _files.Keys
                .Where(k => k.StartsWith(prefix, StringComparison.Ordinal) && k.EndsWith(suffix, StringComparison.Ordinal) && k.IndexOf('/', prefix.Length) < 0)
                .Select(k => k[prefix.Length..])
                .ToList();
            names.Sort(StringComparer.Ordinal);
            return names;
        }
    }

    public void CreateDirectory(string directory)
    {
    }

    public IAppendableFile OpenAppend(string path)
    {
        lock (_gate)
        {
            string key = Normalize(path);
            if (!_files.TryGetValue(key, out var file))
            {
                file = new MemoryFile();
                _files[key] = file;
            }

            return new Appender(this, file);
        }
    }

    public IReadableFile OpenRead(string path)
    {
        lock (_gate)
        {
            return _files.TryGetValue(Normalize(path), out var file)
                ? new Reader(file.Snapshot())
                : throw new FileNotFoundException("no such file", path);
        }
    }

    public byte[] ReadAllBytes(string path)
    {
        lock (_gate)
        {
            return _files.TryGetValue(Normalize(path), out var file)
                ? file.Snapshot()
                : throw new FileNotFoundException("no such file", path);
        }
    }

    public void WriteAtomically(string path, ReadOnlySpan<byte> contents)
    {
        ThrowIfFailing();
        var file = new MemoryFile();
        file.Data.AddRange(contents.ToArray());
        file.DurableLength = contents.Length;
        lock (_gate)
        {
            _files[Normalize(path)] = file;
        }
    }

    public void Delete(string path)
    {
        lock (_gate)
        {
            _files.Remove(Normalize(path));
        }
    }

    public long FileLength(string path)
    {
        lock (_gate)
        {
            return _files[Normalize(path)].Data.Count;
        }
    }

    public long AvailableBytes() => FreeBytes;

    /// <summary>Simulates a power loss: each file keeps its synced bytes plus, when <paramref name="random"/>
    /// is given, a random prefix of its unsynced bytes (a write that reached the disk only in part).</summary>
    public void Crash(Random? random = null)
    {
        lock (_gate)
        {
            foreach (var file in _files.Values)
            {
                int unsynced = file.Data.Count - (int)file.DurableLength;
                int keep = random is null || unsynced == 0 ? 0 : random.Next(unsynced + 1);
                file.Data.RemoveRange((int)file.DurableLength + keep, unsynced - keep);
            }
        }
    }

    /// <summary>Flips one byte of a file, for corruption tests.</summary>
    public void Corrupt(string path, long offset)
    {
        lock (_gate)
        {
            var data = _files[Normalize(path)].Data;
            data[(int)offset] ^= 0x5A;
        }
    }

    private static string Normalize(string path) => path.Replace('\\', '/').TrimStart('/');

    private void ThrowIfFailing()
    {
        if (FailWrites)
        {
            throw new IOException("simulated device failure");
        }
    }

    private sealed class MemoryFile
    {
        public List<byte> Data { get; } = [];

        public long DurableLength { get; set; }

        public byte[] Snapshot() => [.. Data];
    }

    private sealed class Appender(MemoryFileSystem owner, MemoryFile file) : IAppendableFile
    {
        public long Length
        {
            get
            {
                lock (owner._gate)
                {
                    return file.Data.Count;
                }
            }
        }

        public void Append(ReadOnlySpan<byte> data)
        {
            owner.ThrowIfFailing();
            byte[] copy = data.ToArray();
            lock (owner._gate)
            {
                file.Data.AddRange(copy);
            }
        }

        public void Sync()
        {
            owner.ThrowIfFailing();
            lock (owner._gate)
            {
                file.DurableLength = file.Data.Count;
            }
        }

        public void Truncate(long length)
        {
            lock (owner._gate)
            {
                file.Data.RemoveRange((int)length, file.Data.Count - (int)length);
                file.DurableLength = Math.Min(file.DurableLength, length);
            }
        }

        public void Dispose()
        {
        }
    }

    private sealed class Reader(byte[] data) : IReadableFile
    {
        public long Length => data.Length;

        public void Read(long offset, Span<byte> destination)
        {
            if (offset + destination.Length > data.Length)
            {
                throw new EndOfStreamException($"read past the end at offset {offset}");
            }

            data.AsSpan((int)offset, destination.Length).CopyTo(destination);
        }

        public void Dispose()
        {
        }
    }
}
