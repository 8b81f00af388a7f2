using Metronome.Storage.Io;

namespace Metronome.Storage.Tests.Io;

public sealed class DirectSequentialFileTests : IDisposable
{
    // Beside the build output, on the checkout's disk: a temporary directory may be tmpfs, which has
    // neither O_DIRECT nor a page cache apart from the files.
    private readonly string _root = Path.Combine(AppContext.BaseDirectory, "io-test-direct-read-" + Guid.NewGuid().ToString("N"));

    public DirectSequentialFileTests() => Directory.CreateDirectory(_root);

    public void Dispose() => Directory.Delete(_root, recursive: true);

    [Theory]
    [InlineData(1)]
    [InlineData(4096)]
    [InlineData((9 << 20) + 777)]
    public void Reads_in_order_out_of_order_and_across_windows_give_the_files_bytes(int length)
    {
        byte[] contents = Write("segment", length, seed: length);
        using var file = DirectSequentialFile.TryOpen(Path.Combine(_root, "segment"));
        Assert.NotNull(file); // the test directory is on a disk file system, which has O_DIRECT
        Assert.Equal(length, file.Length);

        var random = new Random(7);
        var ranges = new List<(int Offset, int Length)>();
        for (int offset = 0; offset < length;)
        {
            int take = Math.Min(length - offset, random.Next(1, 300_000));
            ranges.Add((offset, take));
            offset += take;
        }

        // Front to back, then a few going backwards (the window is read again).
        ranges.AddRange(ranges.AsEnumerable().Reverse().Take(5).ToList());
        foreach (var (offset, take) in ranges)
        {
            byte[] read = new byte[take];
            file.Read(offset, read);
            Assert.Equal(contents.AsSpan(offset, take).ToArray(), read);
        }

        Assert.Throws<EndOfStreamException>(() => file.Read(length - 1, new byte[2]));
    }

    [Fact]
    public void The_file_system_reads_a_merge_source_past_the_page_cache()
    {
        byte[] contents = Write("source", 6 << 20, seed: 1);
        var fs = new PhysicalFileSystem(_root);
        using (var handle = File.OpenHandle(Path.Combine(_root, "source")))
        {
            PageCache.Drop(handle, 0, contents.Length);
        }

        byte[] read = new byte[contents.Length];
        using (var file = fs.OpenSequentialRead("source"))
        {
            Assert.IsType<DirectSequentialFile>(file);
            file.Read(0, read);
        }

        Assert.Equal(contents, read);
        using var check = File.OpenHandle(Path.Combine(_root, "source"));
        Assert.Equal(0, PageCache.ResidentPages(check, contents.Length));
    }

    private byte[] Write(string name, int length, int seed)
    {
        byte[] contents = new byte[length];
        new Random(seed).NextBytes(contents);
        string path = Path.Combine(_root, name);
        File.WriteAllBytes(path, contents);
        using var handle = File.OpenHandle(path, FileMode.Open, FileAccess.ReadWrite);
        RandomAccess.FlushToDisk(handle);
        return contents;
    }
}
