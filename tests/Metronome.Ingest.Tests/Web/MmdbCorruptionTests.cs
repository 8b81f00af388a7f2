using System.Net;
using System.Text;
using Metronome.Ingest.Web.Mmdb;

namespace Metronome.Ingest.Tests.Web;

public sealed class MmdbCorruptionTests
{
    private static readonly IPAddress[] Probes =
        new[] { "81.2.69.160", "89.160.20.200", "1.2.3.4", "8.8.8.8", "2001:db8::1", "2a02:cf40::1", "::1", "203.0.113.1" }
            .Select(IPAddress.Parse).ToArray();

    [Fact]
    public void A_file_that_is_not_a_database_is_refused()
    {
        var error = Assert.Throws<MmdbFormatException>(() => new MmdbReader(Encoding.UTF8.GetBytes("hello, not a database")));

        Assert.Contains("metadata marker", error.Message);
    }

    [Fact]
    public void An_empty_file_is_refused()
    {
        Assert.Throws<MmdbFormatException>(() => new MmdbReader([]));
    }

    [Fact]
    public void A_truncated_file_is_refused()
    {
        var database = MmdbTestDatabases.Countries();

        Assert.Throws<MmdbFormatException>(() => new MmdbReader(database[..(database.Length / 2)]));
    }

    [Fact]
    public void A_file_missing_the_start_of_its_search_tree_is_refused()
    {
        var database = MmdbTestDatabases.Countries();

        Assert.Throws<MmdbFormatException>(() => new MmdbReader(database[200..]));
    }

    [Fact]
    public void A_non_zero_data_section_separator_is_refused()
    {
        var database = MmdbTestDatabases.Countries(recordSize: 24);
        var nodeCount = new MmdbReader(database).Metadata.NodeCount;
        database[(int)(nodeCount * 6) + 3] = 1;

        Assert.Contains("16 zero bytes", Assert.Throws<MmdbFormatException>(() => new MmdbReader(database)).Message);
    }

    [Fact]
    public void An_unsupported_record_size_is_refused()
    {
        var database = new MmdbWriter(recordSize: 24).Add("1.0.0.0/8", "x").Build();
        var metadata = database.AsSpan().LastIndexOf("record_size"u8);
        // record_size is followed by uint16 24: control 0xA1, value 0x18.
        database[metadata + "record_size".Length + 1] = 20;

        Assert.Contains("record size 20", Assert.Throws<MmdbFormatException>(() => new MmdbReader(database)).Message);
    }

    [Fact]
    public void Opening_a_bad_file_names_the_file()
    {
        var path = Path.Combine(Path.GetTempPath(), $"metronome-{Guid.NewGuid():N}.mmdb");
        File.WriteAllText(path, "nope");
        try
        {
            Assert.Contains(path, Assert.Throws<MmdbFormatException>(() => MmdbReader.Open(path)).Message);
        }
        finally
        {
            File.Delete(path);
        }
    }

    [Fact]
    public void Random_corruption_never_escapes_as_anything_but_a_format_exception()
    {
        var original = MmdbTestDatabases.Countries();
        var random = new Random(20261120);

        for (var round = 0; round < 300; round++)
        {
            var database = (byte[])original.Clone();
            for (var flips = random.Next(1, 8); flips > 0; flips--)
            {
                database[random.Next(database.Length)] = (byte)random.Next(256);
            }

            try
            {
                var reader = new MmdbReader(database);
                foreach (var address in Probes)
                {
                    LookUpTolerantly(reader, address);
                }
            }
            catch (MmdbFormatException)
            {
                // The expected way to fail.
            }
        }
    }

    private static void LookUpTolerantly(MmdbReader reader, IPAddress address)
    {
        try
        {
            reader.Lookup(address);
        }
        catch (MmdbFormatException)
        {
        }

        try
        {
            reader.LookupCountryCode(address);
        }
        catch (MmdbFormatException)
        {
        }
    }
}
