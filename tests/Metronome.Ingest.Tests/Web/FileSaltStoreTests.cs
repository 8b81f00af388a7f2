using Metronome.Core.Time;
using System.Net;
using Metronome.Ingest.Web;

namespace Metronome.Ingest.Tests.Web;

public sealed class FileSaltStoreTests : IDisposable
{
    private static readonly DateOnly Day = new(2026, 11, 20);
    private readonly string _directory = Path.Combine(Path.GetTempPath(), "metronome-salts-" + Guid.NewGuid().ToString("N"));

    public void Dispose()
    {
        if (Directory.Exists(_directory))
        {
            Directory.Delete(_directory, recursive: true);
        }
    }

    [Fact]
    public void A_salt_is_32_random_bytes_and_stable_for_its_day()
    {
        var store = new FileSaltStore(_directory);

        var salt = store.GetOrCreate(Day);

        Assert.Equal(32, salt.Length);
        Assert.Same(salt, store.GetOrCreate(Day));
        Assert.NotEqual(salt, store.GetOrCreate(Day.AddDays(1)));
    }

    [Fact]
    public void Salts_survive_a_restart()
    {
        var salt = new FileSaltStore(_directory).GetOrCreate(Day);

        var reopened = new FileSaltStore(_directory);

        Assert.Equal(salt, reopened.GetOrCreate(Day));
    }

    [Fact]
    public void Visitor_ids_survive_a_restart_within_the_day()
    {
        var clock = new ManualClock(new DateTimeOffset(2026, 11, 20, 9, 0, 0, TimeSpan.Zero));
        var ip = IPAddress.Parse("2001:db8::1");
        var before = new VisitorIdGenerator(new FileSaltStore(_directory), clock).Compute("shop", ip, "ua");

        var after = new VisitorIdGenerator(new FileSaltStore(_directory), clock).Compute("shop", ip, "ua");

        Assert.Equal(before, after);
    }

    [Fact]
    public void Deleted_salts_are_gone_from_the_file_too()
    {
        var store = new FileSaltStore(_directory);
        store.GetOrCreate(Day);
        store.GetOrCreate(Day.AddDays(1));
        store.GetOrCreate(Day.AddDays(2));

        store.DeleteBefore(Day.AddDays(1));

        Assert.Equal([Day.AddDays(1), Day.AddDays(2)], new FileSaltStore(_directory).Days);
        Assert.DoesNotContain("2026-11-20", File.ReadAllText(Path.Combine(_directory, FileSaltStore.FileName)));
    }

    [Fact]
    public void The_file_is_replaced_atomically_and_leaves_no_temporary_file()
    {
        var store = new FileSaltStore(_directory);
        store.GetOrCreate(Day);
        store.GetOrCreate(Day.AddDays(1));

        Assert.Equal([FileSaltStore.FileName], Directory.GetFiles(_directory).Select(Path.GetFileName));
    }

    [Fact]
    public void A_leftover_temporary_file_from_a_crash_is_ignored_and_replaced()
    {
        var salt = new FileSaltStore(_directory).GetOrCreate(Day);
        File.WriteAllText(Path.Combine(_directory, FileSaltStore.FileName + ".tmp"), "half a fi");

        var reopened = new FileSaltStore(_directory);
        reopened.GetOrCreate(Day.AddDays(1));

        Assert.Equal(salt, new FileSaltStore(_directory).GetOrCreate(Day));
    }

    [Fact]
    public void Only_the_owner_may_read_the_salt_file()
    {
        if (OperatingSystem.IsWindows())
        {
            return;
        }

        new FileSaltStore(_directory).GetOrCreate(Day);

        Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite, File.GetUnixFileMode(Path.Combine(_directory, FileSaltStore.FileName)));
    }

    [Theory]
    [InlineData("")]
    [InlineData("something else\n")]
    [InlineData("metronome-salts 1\n2026-11-20 not-base64\n")]
    [InlineData("metronome-salts 1\n2026-13-40 AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA=\n")]
    [InlineData("metronome-salts 1\n2026-11-20 AAAA\n")]
    public void A_corrupt_salt_file_is_reported_with_its_path(string content)
    {
        Directory.CreateDirectory(_directory);
        File.WriteAllText(Path.Combine(_directory, FileSaltStore.FileName), content);

        var error = Assert.Throws<InvalidDataException>(() => new FileSaltStore(_directory));

        Assert.Contains(FileSaltStore.FileName, error.Message);
    }
}
