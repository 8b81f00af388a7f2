using Metronome.Storage.Io;

namespace Metronome.Storage.Tests.Io;

/// <summary>Written pages leave the page cache once they are on disk, and the files stay intact.</summary>
public sealed class PageCacheTests : IDisposable
{
    // Beside the build output, on the checkout's disk: a temporary directory may be tmpfs, which has
    // neither O_DIRECT nor a page cache apart from the files.
    private readonly string _root = Path.Combine(AppContext.BaseDirectory, "io-test-pagecache-" + Guid.NewGuid().ToString("N"));

    public PageCacheTests() => Directory.CreateDirectory(_root);

    public void Dispose() => Directory.Delete(_root, recursive: true);

    [Fact]
    public void A_synced_log_keeps_only_its_last_partly_written_page_cached()
    {
        // Through the page cache: where O_DIRECT is refused (DirectAppendFileTests has the direct log).
        byte[] piece = Pattern(256 * 1024 + 100, seed: 1);
        using (var log = new CachedAppendFile(Path.Combine(_root, "log")))
        {
            log.Append(piece);
            Assert.Equal(65, Resident("log")); // dirty, so cached: what the check below can see
            log.Sync();
            Assert.Equal(1, Resident("log"));

            log.Append(piece);
            log.Sync();
            Assert.Equal(1, Resident("log"));
        }

        Assert.Equal([.. piece, .. piece], File.ReadAllBytes(Path.Combine(_root, "log")));
    }

    [Fact]
    public void A_committed_file_is_on_disk_and_out_of_the_cache()
    {
        // Through the page cache: where O_DIRECT is refused, and for files written whole (the manifest).
        byte[] piece = Pattern(3 << 20, seed: 2);
        using (var file = new StreamedAtomicFile(Path.Combine(_root, "segment")))
        {
            file.Append(piece);
            file.Commit();
        }

        Assert.Equal(0, Resident("segment"));
        Assert.Equal(piece, File.ReadAllBytes(Path.Combine(_root, "segment")));
    }

    [Fact]
    public void A_long_write_drops_each_range_once_the_kernel_has_written_it()
    {
        string path = Path.Combine(_root, "long");
        using var stream = new FileStream(path, FileMode.Create, FileAccess.Write, FileShare.Read, bufferSize: 0);
        var writeback = new Writeback(stream.SafeFileHandle, rangeBytes: 64 * 1024);
        byte[] piece = Pattern(64 * 1024, seed: 3);
        for (int i = 0; i < 10; i++)
        {
            stream.Write(piece);
            writeback.Written(stream.Position);
        }

        // Each range is waited for, then dropped, when the next one starts: all but the last are gone.
        Assert.Equal(16, Resident("long"));
    }

    private long Resident(string name)
    {
        string path = Path.Combine(_root, name);
        using var handle = File.OpenHandle(path, FileMode.Open, FileAccess.Read, FileShare.ReadWrite);
        return PageCache.ResidentPages(handle, new FileInfo(path).Length);
    }

    private static byte[] Pattern(int length, int seed)
    {
        var bytes = new byte[length];
        new Random(seed).NextBytes(bytes);
        return bytes;
    }
}
