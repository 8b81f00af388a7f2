using Metronome.Storage.Io;

namespace Metronome.Storage.Tests.Support;

/// <summary>
/// Wraps a real directory with the failure knobs that <see cref="MemoryFileSystem"/> has built in
/// (a failing device, a full disk), so fault tests run against both devices.
/// </summary>
internal sealed class FaultyFileSystem(IFileSystem inner) : DelegatingFileSystem(inner)
{
    public bool FailWrites { get; set; }

    public long? FreeBytes { get; set; }

    public override IAppendableFile OpenAppend(string path) => new Appender(this, Inner.OpenAppend(path));

    public override void WriteAtomically(string path, ReadOnlySpan<byte> contents)
    {
        ThrowIfFailing();
        Inner.WriteAtomically(path, contents);
    }

    public override IAtomicFile CreateAtomically(string path)
    {
        ThrowIfFailing();
        return Inner.CreateAtomically(path);
    }

    public override long AvailableBytes() => FreeBytes ?? Inner.AvailableBytes();

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
