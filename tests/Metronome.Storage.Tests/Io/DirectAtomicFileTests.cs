using Metronome.Storage.Io;

namespace Metronome.Storage.Tests.Io;

public sealed class DirectAtomicFileTests : IDisposable
{
    // Beside the build output, on the checkout's disk: a temporary directory may be tmpfs, which has
    // neither O_DIRECT nor a page cache apart from the files.
    private readonly string _root = Path.Combine(AppContext.BaseDirectory, "io-test-direct-" + Guid.NewGuid().ToString("N"));

    public DirectAtomicFileTests() => Directory.CreateDirectory(_root);

    public void Dispose() => Directory.Delete(_root, recursive: true);

    [Theory]
    [InlineData(0)]
    [InlineData(1)]
    [InlineData(4095)]
    [InlineData(4096)]
    [InlineData(4 << 20)]
    [InlineData((9 << 20) + 12_345)]
    [InlineData((17 << 20) + 3)] // each buffer filled again while the other is written
    public void Pieces_of_any_size_make_the_file_exactly_and_it_bypasses_the_cache(int length)
    {
        string path = Path.Combine(_root, "segment");
        byte[] contents = new byte[length];
        new Random(length).NextBytes(contents);
        using (var file = DirectAtomicFile.TryCreate(path))
        {
            Assert.NotNull(file); // the test directory is on a disk file system, which has O_DIRECT
            var rest = contents.AsSpan();
            for (int piece = 1; rest.Length > 0; piece = piece * 7 % 1_000_003)
            {
                int take = Math.Min(rest.Length, piece);
                file.Append(rest[..take]);
                rest = rest[take..];
            }

            Assert.False(File.Exists(path)); // not before the commit
            file.Commit();
        }

        Assert.Equal(0, Resident(path));
        Assert.Equal(contents, File.ReadAllBytes(path));
        Assert.Equal([Path.GetFileName(path)], Directory.GetFiles(_root).Select(Path.GetFileName));
    }

    [Fact]
    public void A_file_written_after_another_holds_only_its_own_bytes_in_the_reused_buffers()
    {
        // Freed buffers are kept for the next file (DirectIo.RentPiece): whatever the last file left in them
        // must not reach this one, in its padding or past its end.
        byte[] full = new byte[(5 << 20) + 77];
        Array.Fill(full, (byte)0xFF);
        foreach (var contents in new[] { full, new byte[100], new byte[(4 << 20) + 3] })
        {
            string path = Path.Combine(_root, "segment");
            using (var file = DirectAtomicFile.TryCreate(path))
            {
                Assert.NotNull(file);
                file.Append(contents);
                file.Commit();
            }

            Assert.Equal(contents, File.ReadAllBytes(path));
        }
    }

    [Fact]
    public void A_file_never_committed_leaves_nothing()
    {
        string path = Path.Combine(_root, "segment");
        using (var file = DirectAtomicFile.TryCreate(path))
        {
            Assert.NotNull(file);
            file.Append(new byte[5 << 20]);
        }

        Assert.Empty(Directory.GetFiles(_root));
    }

    [Fact]
    public void The_file_system_writes_pieced_files_directly_and_replaces_an_older_one()
    {
        var fs = new PhysicalFileSystem(_root);
        fs.WriteAtomically("segment", [1, 2, 3]);
        using (var file = fs.CreateAtomically("segment"))
        {
            Assert.IsType<DirectAtomicFile>(file);
            file.Append([4, 5]);
            file.Commit();
        }

        Assert.Equal([4, 5], fs.ReadAllBytes("segment"));
    }

    private static long Resident(string path)
    {
        using var handle = File.OpenHandle(path, FileMode.Open, FileAccess.Read, FileShare.ReadWrite);
        return PageCache.ResidentPages(handle, new FileInfo(path).Length);
    }
}
