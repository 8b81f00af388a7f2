using System.Net;
using Metronome.Ingest.Web.Mmdb;

namespace Metronome.Ingest.Tests.Web;

public sealed class MmdbReaderTests
{
    public static TheoryData<int> RecordSizes => [24, 28, 32];

    [Theory]
    [MemberData(nameof(RecordSizes))]
    public void IPv4_addresses_inside_a_network_find_its_country(int recordSize)
    {
        var reader = new MmdbReader(MmdbTestDatabases.Countries(recordSize: recordSize));

        Assert.Equal("DE", reader.LookupCountryCode(IPAddress.Parse("81.2.69.160")));
        Assert.Equal("DE", reader.LookupCountryCode(IPAddress.Parse("81.2.69.0")));
        Assert.Equal("DE", reader.LookupCountryCode(IPAddress.Parse("81.2.69.255")));
        Assert.Equal("SE", reader.LookupCountryCode(IPAddress.Parse("89.160.20.129")));
        Assert.Equal("AU", reader.LookupCountryCode(IPAddress.Parse("1.2.3.4")));
    }

    [Theory]
    [MemberData(nameof(RecordSizes))]
    public void Addresses_outside_every_network_find_nothing(int recordSize)
    {
        var reader = new MmdbReader(MmdbTestDatabases.Countries(recordSize: recordSize));

        Assert.Null(reader.LookupCountryCode(IPAddress.Parse("81.2.70.1")));
        Assert.Null(reader.LookupCountryCode(IPAddress.Parse("89.160.20.127")));
        Assert.Null(reader.LookupCountryCode(IPAddress.Parse("2.0.0.0")));
        Assert.Null(reader.Lookup(IPAddress.Parse("2001:db9::1")));
        Assert.Null(reader.Lookup(IPAddress.IPv6Loopback));
    }

    [Theory]
    [MemberData(nameof(RecordSizes))]
    public void IPv6_addresses_find_their_country(int recordSize)
    {
        var reader = new MmdbReader(MmdbTestDatabases.Countries(recordSize: recordSize));

        Assert.Equal("JP", reader.LookupCountryCode(IPAddress.Parse("2001:db8::1")));
        Assert.Equal("JP", reader.LookupCountryCode(IPAddress.Parse("2001:db8:ffff:ffff:ffff:ffff:ffff:ffff")));
        Assert.Equal("NO", reader.LookupCountryCode(IPAddress.Parse("2a02:cf47::1")));
        Assert.Null(reader.LookupCountryCode(IPAddress.Parse("2a02:cf48::1")));
    }

    [Fact]
    public void An_ipv4_mapped_ipv6_address_is_looked_up_as_ipv4()
    {
        var reader = new MmdbReader(MmdbTestDatabases.Countries());

        Assert.Equal("DE", reader.LookupCountryCode(IPAddress.Parse("::ffff:81.2.69.160")));
    }

    [Fact]
    public void An_ipv4_compatible_address_under_the_96_bit_prefix_finds_the_ipv4_network()
    {
        var reader = new MmdbReader(MmdbTestDatabases.Countries());

        Assert.Equal("DE", reader.LookupCountryCode(IPAddress.Parse("::81.2.69.160")));
    }

    [Theory]
    [MemberData(nameof(RecordSizes))]
    public void An_ipv4_only_database_answers_ipv4_and_knows_no_ipv6(int recordSize)
    {
        var reader = new MmdbReader(MmdbTestDatabases.Countries(ipVersion: 4, recordSize: recordSize));

        Assert.Equal(4, reader.Metadata.IpVersion);
        Assert.Equal("SE", reader.LookupCountryCode(IPAddress.Parse("89.160.20.200")));
        Assert.Equal("SE", reader.LookupCountryCode(IPAddress.Parse("::ffff:89.160.20.200")));
        Assert.Null(reader.LookupCountryCode(IPAddress.Parse("2001:db8::1")));
    }

    [Fact]
    public void The_prefix_length_of_the_matching_network_is_reported()
    {
        var reader = new MmdbReader(MmdbTestDatabases.Countries());

        reader.Lookup(IPAddress.Parse("89.160.20.130"), out var ipv4Prefix);
        reader.Lookup(IPAddress.Parse("2001:db8::5"), out var ipv6Prefix);

        Assert.Equal(25, ipv4Prefix);
        Assert.Equal(32, ipv6Prefix);
    }

    [Fact]
    public void The_generic_lookup_decodes_the_whole_record()
    {
        var reader = new MmdbReader(MmdbTestDatabases.Countries());

        var record = Assert.IsType<Dictionary<string, object>>(reader.Lookup(IPAddress.Parse("81.2.69.1")));

        var country = Assert.IsType<Dictionary<string, object>>(record["country"]);
        Assert.Equal(2921044u, country["geoname_id"]);
        Assert.Equal("Germany", ((Dictionary<string, object>)country["names"])["en"]);
        Assert.Equal("EU", ((Dictionary<string, object>)record["continent"])["code"]);
    }

    [Fact]
    public void A_record_without_a_country_has_no_country_code()
    {
        var reader = new MmdbReader(MmdbTestDatabases.Countries());

        Assert.Null(reader.LookupCountryCode(IPAddress.Parse("203.0.113.1")));
        Assert.Null(reader.LookupCountryCode(IPAddress.Parse("203.0.113.2")));
    }

    [Fact]
    public void The_metadata_is_read()
    {
        var metadata = new MmdbReader(MmdbTestDatabases.Countries(recordSize: 24)).Metadata;

        Assert.Equal("Metronome-Test-Country", metadata.DatabaseType);
        Assert.Equal(24, metadata.RecordSize);
        Assert.Equal(6, metadata.IpVersion);
        Assert.Equal(2, metadata.BinaryFormatMajorVersion);
        Assert.Equal(["en"], metadata.Languages);
        Assert.Equal("Metronome test database", metadata.Description["en"]);
        Assert.Equal(1_763_683_200UL, metadata.BuildEpoch);
    }

    [Fact]
    public void A_database_file_is_opened_from_disk()
    {
        var path = Path.Combine(Path.GetTempPath(), $"metronome-{Guid.NewGuid():N}.mmdb");
        File.WriteAllBytes(path, MmdbTestDatabases.Countries());
        try
        {
            Assert.Equal("JP", MmdbReader.Open(path).LookupCountryCode(IPAddress.Parse("2001:db8::1")));
        }
        finally
        {
            File.Delete(path);
        }
    }

    [Fact]
    public void Concurrent_lookups_agree()
    {
        var reader = new MmdbReader(MmdbTestDatabases.Countries());
        var addresses = new[] { "81.2.69.1", "89.160.20.200", "2001:db8::1", "8.8.8.8" }.Select(IPAddress.Parse).ToArray();

        var results = Enumerable.Range(0, 2000).AsParallel()
            .Select(i => reader.LookupCountryCode(addresses[i % addresses.Length]))
            .ToList();

        Assert.Equal(500, results.Count(code => code == "DE"));
        Assert.Equal(500, results.Count(code => code is null));
    }
}
