using Metronome.Storage.Io;
using Metronome.Storage.Tests.Support;

namespace Metronome.Storage.Tests.Io;

/// <summary>The write-ahead log's file written past the page cache: exact bytes whatever the append sizes,
/// zeros only after the last byte until it is closed, and a log left that way recovers.</summary>
public sealed class DirectAppendFileTests : IDisposable
{
    private const int Page = 4096;

    // Beside the build output, on the checkout's disk: a temporary directory may be tmpfs, which has
    // neither O_DIRECT nor a page cache apart from the files.
    private readonly string _root = Path.Combine(AppContext.BaseDirectory, "io-test-append-" + Guid.NewGuid().ToString("N"));

    public DirectAppendFileTests() => Directory.CreateDirectory(_root);

    public void Dispose() => Directory.Delete(_root, recursive: true);

    [Fact]
    public void Appends_of_any_size_are_on_disk_exactly_and_never_cached()
    {
        string path = Path.Combine(_root, "log");
        var random = new Random(1);
        var expected = new List<byte>();
        using (var file = Open(path))
        {
            // Sizes that end inside a page, on a page boundary, and span several pages.
            foreach (int size in new[] { 16, 1, Page - 17, Page, 3 * Page, 5, (2 << 20) + 77, Page - 5, 1 << 20 })
            {
                byte[] piece = new byte[size];
                random.NextBytes(piece);
                file.Append(piece);
                file.Sync();
                expected.AddRange(piece);

                Assert.Equal(expected.Count, file.Length);
                Assert.Equal(0, Resident(path));
                byte[] disk = ReadUncached(path);
                Assert.Equal((expected.Count + Page - 1) / Page * Page, disk.Length);
                Assert.True(disk.AsSpan(0, expected.Count).SequenceEqual(expected.ToArray()), $"after {size} bytes");
                Assert.False(disk.AsSpan(expected.Count).ContainsAnyExcept((byte)0));
            }
        }

        // Closed: cut to its length.
        Assert.Equal(expected.ToArray(), File.ReadAllBytes(path));
    }

    [Fact]
    public void A_file_is_continued_where_it_ends_and_truncated_where_it_is_told()
    {
        string path = Path.Combine(_root, "log");
        byte[] start = Pattern(10_000, seed: 2);
        File.WriteAllBytes(path, start); // as the page cache's log leaves it: not a whole number of pages
        byte[] more = Pattern(5_000, seed: 3);
        using (var file = Open(path))
        {
            Assert.Equal(start.Length, file.Length);
            file.Append(more);
            file.Truncate(12_345);
            file.Append(more);
            file.Sync();
        }

        Assert.Equal([.. start, .. more.AsSpan(0, 12_345 - start.Length), .. more], File.ReadAllBytes(path));
    }

    [Fact]
    public async Task A_log_left_open_by_a_crash_recovers_every_acknowledged_record()
    {
        var live = new PhysicalFileSystem(Path.Combine(_root, "live"));
        var harness = new WalHarness();
        // Small files: the log rotates, and the crash copy below pads the file before the last as well.
        var wal = harness.Open(live, options: WalHarness.Options(fileSize: 3 * Page));
        for (int i = 0; i < 40; i++)
        {
            await wal.AppendAsync(WalHarness.Batch(i, 100 + (i * 37)), null);
        }

        var files = WalHarness.Files(live);
        Assert.True(files.Count > 2);
        string crashed = Path.Combine(_root, "crashed");
        foreach (string file in files)
        {
            byte[] bytes = live.ReadAllBytes(file);
            Assert.True(bytes.Length % Page == 0 || file != files[^1], "the open file ends in zeros to its page's end");
            // The file before the last as a crash during rotation leaves it: not yet cut to its length.
            if (file == files[^2])
            {
                bytes = [.. bytes, .. new byte[(Page - (bytes.Length % Page)) % Page]];
            }

            Directory.CreateDirectory(Path.Combine(crashed, WalHarness.Directory));
            File.WriteAllBytes(Path.Combine(crashed, file), bytes);
        }

        wal.Dispose();
        var recovery = new WalHarness();
        using (var recovered = recovery.Open(new PhysicalFileSystem(crashed)))
        {
            Assert.Equal(Enumerable.Range(0, 40).Select(i => (long)i), recovery.ReplayedIds);
            await recovered.AppendAsync(WalHarness.Batch(40), null);
        }

        var again = new WalHarness();
        using (again.Open(new PhysicalFileSystem(crashed)))
        {
            Assert.Equal(Enumerable.Range(0, 41).Select(i => (long)i), again.ReplayedIds);
        }
    }

    [Fact]
    public void A_new_log_file_left_as_zeros_by_a_crash_is_dropped()
    {
        // A crash right after proving the new file takes direct writes: one page of zeros, no header.
        var fs = new PhysicalFileSystem(Path.Combine(_root, "zeros"));
        var harness = new WalHarness();
        using (var wal = harness.Open(fs))
        {
        }

        string first = WalHarness.Files(fs)[0];
        string next = Path.Combine(fs.Root, WalHarness.Directory, "99999999999999999999.wal");
        File.WriteAllBytes(next, new byte[Page]);
        using (harness.Open(fs))
        {
            Assert.Equal([first], WalHarness.Files(fs));
        }
    }

    private static DirectAppendFile Open(string path)
    {
        var file = DirectAppendFile.TryOpen(path);
        Assert.NotNull(file); // the test directory is on a disk file system, which has O_DIRECT
        return file;
    }

    /// <summary>The file's bytes, read through the page cache and dropped from it again.</summary>
    private static byte[] ReadUncached(string path)
    {
        byte[] bytes = File.ReadAllBytes(path);
        using var handle = File.OpenHandle(path, FileMode.Open, FileAccess.Read, FileShare.ReadWrite);
        PageCache.Drop(handle, 0, bytes.Length);
        return bytes;
    }

    private static long Resident(string path)
    {
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
