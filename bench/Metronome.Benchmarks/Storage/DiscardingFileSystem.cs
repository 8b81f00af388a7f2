using Metronome.Storage.Io;

namespace Metronome.Benchmarks.Storage;

/// <summary>A file system whose atomically written files go nowhere (only their length is kept), so a
/// benchmark of writing segments measures encoding them: <see cref="MemoryFileSystem"/> gathers a file in
/// growing arrays and copies it once more, which cost as much as a fifth of a seal in fresh pages alone.</summary>
internal sealed class DiscardingFileSystem : IFileSystem
{
    /// <summary>Bytes committed so far.</summary>
    public long Written { get; private set; }

    public IAtomicFile CreateAtomically(string path) => new Sink(this);

    public bool FileExists(string path) => false;

    public IReadOnlyList<string> ListFiles(string directory, string suffix) => [];

    public void CreateDirectory(string directory)
    {
    }

    public IAppendableFile OpenAppend(string path) => throw new NotSupportedException();

    public IReadableFile OpenRead(string path) => throw new NotSupportedException();

    public byte[] ReadAllBytes(string path) => throw new NotSupportedException();

    public void WriteAtomically(string path, ReadOnlySpan<byte> contents) => Written += contents.Length;

    public void Delete(string path)
    {
    }

    public long FileLength(string path) => throw new NotSupportedException();

    public long AvailableBytes() => long.MaxValue;

    private sealed class Sink(DiscardingFileSystem fs) : IAtomicFile
    {
        private long _length;

        public void Append(ReadOnlySpan<byte> data) => _length += data.Length;

        public void Commit() => fs.Written += _length;

        public void Dispose()
        {
        }
    }
}
