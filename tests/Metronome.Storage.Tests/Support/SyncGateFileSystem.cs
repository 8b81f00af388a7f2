using Metronome.Storage.Io;

namespace Metronome.Storage.Tests.Support;

/// <summary>
/// Holds every fsync while <see cref="Close"/>d, so a test can queue appends behind a commit that is
/// "still on its way to disk" and observe group commit and back-pressure deterministically.
/// </summary>
internal sealed class SyncGateFileSystem(IFileSystem inner) : DelegatingFileSystem(inner)
{
    private readonly ManualResetEventSlim _open = new(initialState: true);

    /// <summary>Set when a sync is waiting at the closed gate.</summary>
    public SemaphoreSlim SyncWaiting { get; } = new(0);

    public void Close() => _open.Reset();

    public void Open() => _open.Set();

    public override IAppendableFile OpenAppend(string path) => new Appender(this, Inner.OpenAppend(path));

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
