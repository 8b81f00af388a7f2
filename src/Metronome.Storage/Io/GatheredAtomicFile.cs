using Metronome.Core.Text;

namespace Metronome.Storage.Io;

/// <summary>An <see cref="IAtomicFile"/> for file systems without streaming writes: the pieces are kept in
/// memory and written with <see cref="IFileSystem.WriteAtomically"/> on commit.</summary>
internal sealed class GatheredAtomicFile(IFileSystem fs, string path) : IAtomicFile
{
    private readonly PooledBufferWriter _contents = new(64 * 1024);

    public void Append(ReadOnlySpan<byte> data)
    {
        data.CopyTo(_contents.GetSpan(data.Length));
        _contents.Advance(data.Length);
    }

    public void Commit() => fs.WriteAtomically(path, _contents.WrittenSpan);

    public void Dispose() => _contents.Dispose();
}
