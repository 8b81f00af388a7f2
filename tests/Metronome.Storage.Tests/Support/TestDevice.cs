using Metronome.Storage.Io;

namespace Metronome.Storage.Tests.Support;

/// <summary>
/// One storage device for one test: a fresh temporary directory (deleted afterwards) or a fresh
/// <see cref="MemoryFileSystem"/>, with the same fault knobs and byte-level tampering on both.
/// </summary>
internal sealed class TestDevice : IDisposable
{
    private readonly string? _directory;
    private readonly FaultyFileSystem? _faulty;

    private TestDevice(DeviceKind kind)
    {
        Kind = kind;
        if (kind == DeviceKind.Memory)
        {
            Memory = new MemoryFileSystem();
            FileSystem = Memory;
        }
        else
        {
            _directory = Path.Combine(Path.GetTempPath(), "metronome-storage-tests", Guid.NewGuid().ToString("N"));
            Directory.CreateDirectory(_directory);
            _faulty = new FaultyFileSystem(new PhysicalFileSystem(_directory));
            FileSystem = _faulty;
        }
    }

    public DeviceKind Kind { get; }

    public IFileSystem FileSystem { get; }

    /// <summary>The real directory, or null for the in-memory device.</summary>
    public string? Root => _directory;

    /// <summary>The in-memory device, or null for a real directory.</summary>
    public MemoryFileSystem? Memory { get; }

    public bool FailWrites
    {
        set
        {
            if (Memory is not null)
            {
                Memory.FailWrites = value;
            }
            else
            {
                _faulty!.FailWrites = value;
            }
        }
    }

    public long FreeBytes
    {
        set
        {
            if (Memory is not null)
            {
                Memory.FreeBytes = value;
            }
            else
            {
                _faulty!.FreeBytes = value;
            }
        }
    }

    public static TestDevice Create(DeviceKind kind) => new(kind);

    /// <summary>Flips one byte of a file.</summary>
    public void Corrupt(string path, long offset)
    {
        if (Memory is not null)
        {
            Memory.Corrupt(path, offset);
            return;
        }

        string full = Path.Combine(_directory!, path);
        byte[] data = File.ReadAllBytes(full);
        data[offset] ^= 0x5A;
        File.WriteAllBytes(full, data);
    }

    /// <summary>Overwrites bytes of a file in place.</summary>
    public void Overwrite(string path, long offset, ReadOnlySpan<byte> bytes)
    {
        byte[] data = FileSystem.ReadAllBytes(path);
        bytes.CopyTo(data.AsSpan((int)offset));
        FileSystem.Delete(path);
        using var file = FileSystem.OpenAppend(path);
        file.Append(data);
        file.Sync();
    }

    public void Truncate(string path, long length)
    {
        using var file = FileSystem.OpenAppend(path);
        file.Truncate(length);
    }

    public void Append(string path, ReadOnlySpan<byte> bytes)
    {
        using var file = FileSystem.OpenAppend(path);
        file.Append(bytes);
        file.Sync();
    }

    public void Dispose()
    {
        if (_directory is not null)
        {
            try
            {
                Directory.Delete(_directory, recursive: true);
            }
            catch (IOException)
            {
                // A handle still open on a deleted segment; the temp directory is cleaned later.
            }
        }
    }
}
