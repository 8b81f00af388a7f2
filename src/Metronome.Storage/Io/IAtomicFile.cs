namespace Metronome.Storage.Io;

/// <summary>A file being written that appears complete, and durable, on <see cref="Commit"/>; disposed
/// without a commit, it leaves nothing behind.</summary>
public interface IAtomicFile : IDisposable
{
    void Append(ReadOnlySpan<byte> data);

    void Commit();
}
