using Metronome.Storage.Io;

namespace Metronome.Storage.Tests.Support;

/// <summary>
/// Cuts the power at the N-th durability point (an fsync, an atomic replace or a delete): the memory
/// device keeps only synced bytes plus a random part of the unsynced ones, and from then on every
/// write through this wrapper fails as if the machine were off. The next "boot" opens the inner device.
/// </summary>
internal sealed class PowerCutFileSystem(MemoryFileSystem inner, int cutAt, Random random) : DelegatingFileSystem(inner)
{
    private readonly Lock _gate = new();
    private int _durabilityPoints;

    public bool IsOff { get; private set; }

    /// <summary>Cuts the power now if it has not been cut yet.</summary>
    public void CutNow()
    {
        lock (_gate)
        {
            if (!IsOff)
            {
                IsOff = true;
                inner.Crash(random);
            }
        }
    }

    public override IAppendableFile OpenAppend(string path)
    {
        lock (_gate)
        {
            ThrowIfOff();
            return new Appender(this, inner.OpenAppend(path));
        }
    }

    public override void WriteAtomically(string path, ReadOnlySpan<byte> contents)
    {
        lock (_gate)
        {
            DurabilityPoint();
            inner.WriteAtomically(path, contents);
        }
    }

    public override void Delete(string path)
    {
        lock (_gate)
        {
            DurabilityPoint();
            inner.Delete(path);
        }
    }

    private void DurabilityPoint()
    {
        ThrowIfOff();
        if (++_durabilityPoints >= cutAt)
        {
            IsOff = true;
            inner.Crash(random);
            ThrowIfOff();
        }
    }

    private void ThrowIfOff()
    {
        if (IsOff)
        {
            throw new IOException("the power is off");
        }
    }

    private sealed class Appender(PowerCutFileSystem owner, IAppendableFile file) : IAppendableFile
    {
        public long Length => file.Length;

        public void Append(ReadOnlySpan<byte> data)
        {
            lock (owner._gate)
            {
                owner.ThrowIfOff();
                file.Append(data);
            }
        }

        public void Sync()
        {
            lock (owner._gate)
            {
                owner.DurabilityPoint();
                file.Sync();
            }
        }

        public void Truncate(long length)
        {
            lock (owner._gate)
            {
                owner.ThrowIfOff();
                file.Truncate(length);
            }
        }

        public void Dispose() => file.Dispose();
    }
}
