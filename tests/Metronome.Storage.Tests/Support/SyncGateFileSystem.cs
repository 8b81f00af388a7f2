using Metronome.Storage.Io;

namespace Metronome.Storage.Tests.Support;

/// <summary>
/// Holds every fsync while <see cref="Close"/>d, so a test can queue appends behind a commit that is
/// "still on its way to disk" and observe group commit and back-pressure deterministically.
/// </summary>
internal sealed class SyncGateFileSystem(IFileSystem inner) : IFileSystem
{
    private readonly ManualResetEventSlim _open = new(initialState: true);

    /// <summary>Set when a sync is waiting at the closed gate.</summary>
    public SemaphoreSlim SyncWaiting { get; } = new(0);

    public void Close() => _open.Reset();

    public void Open() => _open.Set();

    public bool FileExists(string path) => inner.FileExists(path);

    public IReadOnlyList<string> ListFiles(string directory, string suffix) => inner.ListFiles(directory, suffix);

    public void CreateDirectory(string directory) => inner.CreateDirectory(directory);

    public IAppendableFile OpenAppend(string path) => new Appender(this, inner.OpenAppend(path));

    public IReadableFile OpenRead(string path) => inner.OpenRead(path);

    public byte[] ReadAllBytes(string path) => inner.ReadAllBytes(path);

    public void WriteAtomically(string path, ReadOnlySpan<byte> contents) => inner.WriteAtomically(path, contents);

    public void Delete(string path) => inner.Delete(path);

    public long FileLength(string path) => inner.FileLength(path);

    public long AvailableBytes() => inner.AvailableBytes();

    private void WaitAtGate()
    {
        if (!_open.IsSet)
        {
            SyncWaiting.Release();
            _open.Wait(TimeSpan.FromSeconds(30));
        }
    }

    private sealed class Appender(SyncGateFileSystem owner, IAppendableFile file) : IAppendableFile
    {
        public long Length => file.Length;

        public void Append(ReadOnlySpan<byte> data) => file.Append(data);

        public void Sync()
        {
            owner.WaitAtGate();
            file.Sync();
        }

        public void Truncate(long length) => file.Truncate(length);

        public void Dispose() => file.Dispose();
    }
}
