using Metronome.Storage.Io;

namespace Metronome.Storage.Tests.Support;

/// <summary>
/// Wraps a real directory with the failure knobs that <see cref="MemoryFileSystem"/> has built in
/// (a failing device, a full disk), so fault tests run against both devices.
/// </summary>
internal sealed class FaultyFileSystem(IFileSystem inner) : IFileSystem
{
    public bool FailWrites { get; set; }

    public long? FreeBytes { get; set; }

    public bool FileExists(string path) => inner.FileExists(path);

    public IReadOnlyList<string> ListFiles(string directory, string suffix) => inner.ListFiles(directory, suffix);

    public void CreateDirectory(string directory) => inner.CreateDirectory(directory);

    public IAppendableFile OpenAppend(string path) => new Appender(this, inner.OpenAppend(path));

    public IReadableFile OpenRead(string path) => inner.OpenRead(path);

    public byte[] ReadAllBytes(string path) => inner.ReadAllBytes(path);

    public void WriteAtomically(string path, ReadOnlySpan<byte> contents)
    {
        ThrowIfFailing();
        inner.WriteAtomically(path, contents);
    }

    public IAtomicFile CreateAtomically(string path)
    {
        ThrowIfFailing();
        return inner.CreateAtomically(path);
    }

    public void Delete(string path) => inner.Delete(path);

    public long FileLength(string path) => inner.FileLength(path);

    public long AvailableBytes() => FreeBytes ?? inner.AvailableBytes();

    private void ThrowIfFailing()
    {
        if (FailWrites)
        {
            throw new IOException("simulated device failure");
        }
    }

    private sealed class Appender(FaultyFileSystem owner, IAppendableFile file) : IAppendableFile
    {
        public long Length => file.Length;

        public void Append(ReadOnlySpan<byte> data)
        {
            owner.ThrowIfFailing();
            file.Append(data);
        }

        public void Sync()
        {
            owner.ThrowIfFailing();
            file.Sync();
        }

        public void Truncate(long length) => file.Truncate(length);

        public void Dispose() => file.Dispose();
    }
}
