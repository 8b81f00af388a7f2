using Metronome.Storage.Io;

namespace Metronome.Storage.Tests.Support;

/// <summary>A device whose next fsync fails and whose next truncate fails too, after which it is
/// healthy again: the log is left holding a record it never acknowledged.</summary>
internal sealed class FlakySyncFileSystem(IFileSystem inner) : DelegatingFileSystem(inner)
{
    private volatile bool _failSync;
    private volatile bool _failTruncate;

    public void FailNextSyncAndTruncate() => (_failSync, _failTruncate) = (true, true);

    public override IAppendableFile OpenAppend(string path) => new Appender(this, Inner.OpenAppend(path));

    private sealed class Appender(FlakySyncFileSystem owner, IAppendableFile file) : IAppendableFile
    {
        public long Length => file.Length;

        public void Append(ReadOnlySpan<byte> data) => file.Append(data);

        public void Sync()
        {
            if (owner._failSync)
            {
                owner._failSync = false;
                throw new IOException("simulated fsync failure");
            }

            file.Sync();
        }

        public void Truncate(long length)
        {
            if (owner._failTruncate)
            {
                owner._failTruncate = false;
                throw new IOException("simulated truncate failure");
            }

            file.Truncate(length);
        }

        public void Dispose() => file.Dispose();
    }
}
