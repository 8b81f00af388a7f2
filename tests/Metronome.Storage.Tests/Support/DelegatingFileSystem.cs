using Metronome.Storage.Io;

namespace Metronome.Storage.Tests.Support;

/// <summary>A file system that passes every call to <paramref name="inner"/>: the test devices (failing,
/// gated, power-cut, recording ones) override only the calls they change.</summary>
internal abstract class DelegatingFileSystem(IFileSystem inner) : IFileSystem
{
    protected IFileSystem Inner { get; } = inner;

    public virtual bool FileExists(string path) => Inner.FileExists(path);

    public virtual IReadOnlyList<string> ListFiles(string directory, string suffix) => Inner.ListFiles(directory, suffix);

    public virtual void CreateDirectory(string directory) => Inner.CreateDirectory(directory);

    public virtual IAppendableFile OpenAppend(string path) => Inner.OpenAppend(path);

    public virtual IReadableFile OpenRead(string path) => Inner.OpenRead(path);

    /// <summary>As <see cref="IFileSystem"/>'s default: through this file system's <see cref="OpenRead"/>, so a
    /// device that changes reads changes a merge's reads too.</summary>
    public virtual IReadableFile OpenSequentialRead(string path) => OpenRead(path);

    public virtual byte[] ReadAllBytes(string path) => Inner.ReadAllBytes(path);

    public virtual void WriteAtomically(string path, ReadOnlySpan<byte> contents) => Inner.WriteAtomically(path, contents);

    /// <summary>As <see cref="IFileSystem"/>'s default: gathered and written through this file system's
    /// <see cref="WriteAtomically"/>, so a device that changes that changes segment writes too.</summary>
    public virtual IAtomicFile CreateAtomically(string path) => new GatheredAtomicFile(this, path);

    public virtual void Delete(string path) => Inner.Delete(path);

    public virtual long FileLength(string path) => Inner.FileLength(path);

    public virtual long AvailableBytes() => Inner.AvailableBytes();
}
